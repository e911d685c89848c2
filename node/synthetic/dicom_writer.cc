#include "node/synthetic/dicom_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <cmath>
#include <cstdio>
#include <mutex>
#include <sstream>

#include "node/dicom/polygon_fill.h"
#include "node/synthetic/dicom_attributes.h"
#include "node/synthetic/seg_writer.h"

namespace radfed::synthetic {

Result<WrittenStudy> WriteDicomStudy(const std::filesystem::path& dir, const Patient& patient,
                                     const Acquisition& acq, const SyntheticCt& ct,
                                     uint64_t uid_seed) {
  static std::once_flag codecs;
  std::call_once(codecs, [] { DcmRLEEncoderRegistration::registerCodecs(); });

  WrittenStudy out;
  out.series_dir = dir / "ct";
  out.rtstruct = dir / "rtstruct.dcm";
  std::error_code ec;
  std::filesystem::create_directories(out.series_dir, ec);
  if (ec) return Status::IoError(out.series_dir.string() + ": " + ec.message());

  const std::string study_uid = MakeUid(uid_seed, patient.id + "/study");
  const std::string series_uid = MakeUid(uid_seed, patient.id + "/ct");
  const std::string frame_uid = MakeUid(uid_seed, patient.id + "/frame");
  const imaging::Grid& g = ct.hu.grid;
  std::vector<std::string> slice_uids;
  const E_TransferSyntax syntax = acq.rle_compressed ? EXS_RLELossless : EXS_LittleEndianExplicit;

  std::vector<Uint16> pixels(static_cast<size_t>(g.size[0] * g.size[1]));
  for (int64_t k = 0; k < g.size[2]; ++k) {
    const std::string sop_uid = MakeUid(uid_seed, patient.id + "/ct/" + std::to_string(k));
    slice_uids.push_back(sop_uid);
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    RADFED_RETURN_IF_ERROR(PutPatientAndStudy(ds, patient, study_uid, frame_uid));
    const imaging::Vec3 position = g.IndexToPhysical({0, 0, double(k)});
    struct Tag {
      DcmTagKey key;
      std::string value;
    };
    const std::vector<Tag> tags = {
        {DCM_SOPClassUID, UID_CTImageStorage},
        {DCM_SOPInstanceUID, sop_uid},
        {DCM_SeriesInstanceUID, series_uid},
        {DCM_Modality, "CT"},
        {DCM_SeriesNumber, "2"},
        {DCM_InstanceNumber, std::to_string(k + 1)},
        {DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL"},
        {DCM_Manufacturer, acq.manufacturer},
        {DCM_ConvolutionKernel, acq.kernel_name},
        {DCM_KVP, "120"},
        {DCM_ImagePositionPatient, JoinDecimals({position[0], position[1], position[2]})},
        {DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0"},
        {DCM_SliceLocation, Decimal(position[2])},
        {DCM_PixelSpacing, JoinDecimals({g.spacing[1], g.spacing[0]})},  // row spacing, column spacing
        {DCM_SliceThickness, Decimal(g.spacing[2])},
        {DCM_SamplesPerPixel, "1"},
        {DCM_PhotometricInterpretation, "MONOCHROME2"},
        {DCM_RescaleIntercept, "-1024"},
        {DCM_RescaleSlope, "1"},
        {DCM_RescaleType, "HU"},
    };
    for (const Tag& t : tags) {
      RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertString(t.key, t.value.c_str()), DcmTag(t.key).getTagName()));
    }
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16(DCM_Rows, static_cast<Uint16>(g.size[1])), "Rows"));
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16(DCM_Columns, static_cast<Uint16>(g.size[0])), "Columns"));
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16(DCM_BitsAllocated, 16), "BitsAllocated"));
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16(DCM_BitsStored, 12), "BitsStored"));
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16(DCM_HighBit, 11), "HighBit"));
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16(DCM_PixelRepresentation, 0), "PixelRepresentation"));
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const double stored = std::clamp<double>(ct.hu.at(i, j, k) + 1024.0, 0.0, 4095.0);
        pixels[static_cast<size_t>(i + g.size[0] * j)] = static_cast<Uint16>(stored);
      }
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(),
                                                             static_cast<unsigned long>(pixels.size())),
                                 "PixelData"));
    if (acq.rle_compressed) {
      RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->chooseRepresentation(EXS_RLELossless, nullptr), "RLE encoding"));
    }
    char name[32];
    std::snprintf(name, sizeof name, "%04lld.dcm", static_cast<long long>(k + 1));
    const auto path = out.series_dir / name;
    RADFED_RETURN_IF_ERROR(CheckDcmtk(file.saveFile(path.c_str(), syntax), path.string()));
  }

  // The structure set.
  DcmFileFormat file;
  DcmDataset* ds = file.getDataset();
  RADFED_RETURN_IF_ERROR(PutPatientAndStudy(ds, patient, study_uid, frame_uid));
  ds->findAndDeleteElement(DCM_FrameOfReferenceUID);  // not part of the RT Structure Set IOD's top level
  const std::vector<std::pair<DcmTagKey, std::string>> tags = {
      {DCM_SOPClassUID, UID_RTStructureSetStorage},
      {DCM_SOPInstanceUID, MakeUid(uid_seed, patient.id + "/rtstruct")},
      {DCM_SeriesInstanceUID, MakeUid(uid_seed, patient.id + "/rtstruct-series")},
      {DCM_Modality, "RTSTRUCT"},
      {DCM_SeriesNumber, "3"},
      {DCM_InstanceNumber, "1"},
      {DCM_Manufacturer, "radfed synthetic TPS"},
      {DCM_StructureSetLabel, "GTV"},
      {DCM_StructureSetDate, "20240101"},
      {DCM_StructureSetTime, "120000"},
  };
  for (const auto& [key, value] : tags) {
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertString(key, value.c_str()), DcmTag(key).getTagName()));
  }
  DcmItem* frame = nullptr;
  RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->findOrCreateSequenceItem(DCM_ReferencedFrameOfReferenceSequence, frame, -2), "frame"));
  frame->putAndInsertString(DCM_FrameOfReferenceUID, frame_uid.c_str());
  DcmItem* ref_study = nullptr;
  frame->findOrCreateSequenceItem(DCM_RTReferencedStudySequence, ref_study, -2);
  ref_study->putAndInsertString(DCM_ReferencedSOPClassUID, UID_RETIRED_StudyComponentManagementSOPClass);
  ref_study->putAndInsertString(DCM_ReferencedSOPInstanceUID, study_uid.c_str());
  DcmItem* ref_series = nullptr;
  ref_study->findOrCreateSequenceItem(DCM_RTReferencedSeriesSequence, ref_series, -2);
  ref_series->putAndInsertString(DCM_SeriesInstanceUID, series_uid.c_str());
  for (const std::string& uid : slice_uids) {
    DcmItem* image = nullptr;
    ref_series->findOrCreateSequenceItem(DCM_ContourImageSequence, image, -2);
    image->putAndInsertString(DCM_ReferencedSOPClassUID, UID_CTImageStorage);
    image->putAndInsertString(DCM_ReferencedSOPInstanceUID, uid.c_str());
  }
  DcmItem* roi = nullptr;
  ds->findOrCreateSequenceItem(DCM_StructureSetROISequence, roi, -2);
  roi->putAndInsertString(DCM_ROINumber, "1");
  roi->putAndInsertString(DCM_ReferencedFrameOfReferenceUID, frame_uid.c_str());
  roi->putAndInsertString(DCM_ROIName, "GTV");
  roi->putAndInsertString(DCM_ROIGenerationAlgorithm, "MANUAL");
  DcmItem* roi_contour = nullptr;
  ds->findOrCreateSequenceItem(DCM_ROIContourSequence, roi_contour, -2);
  roi_contour->putAndInsertString(DCM_ReferencedROINumber, "1");
  roi_contour->putAndInsertString(DCM_ROIDisplayColor, "255\\0\\0");
  for (const Contour& c : ct.contours) {
    DcmItem* item = nullptr;
    roi_contour->findOrCreateSequenceItem(DCM_ContourSequence, item, -2);
    DcmItem* image = nullptr;
    item->findOrCreateSequenceItem(DCM_ContourImageSequence, image, -2);
    image->putAndInsertString(DCM_ReferencedSOPClassUID, UID_CTImageStorage);
    image->putAndInsertString(DCM_ReferencedSOPInstanceUID, slice_uids.at(static_cast<size_t>(c.slice)).c_str());
    item->putAndInsertString(DCM_ContourGeometricType, "CLOSED_PLANAR");
    item->putAndInsertString(DCM_NumberOfContourPoints, std::to_string(c.points.size()).c_str());
    std::vector<double> flat;
    for (const auto& p : c.points) flat.insert(flat.end(), {p[0], p[1], p[2]});
    item->putAndInsertString(DCM_ContourData, JoinDecimals(flat).c_str());
  }
  DcmItem* observation = nullptr;
  ds->findOrCreateSequenceItem(DCM_RTROIObservationsSequence, observation, -2);
  observation->putAndInsertString(DCM_ObservationNumber, "1");
  observation->putAndInsertString(DCM_ReferencedROINumber, "1");
  observation->putAndInsertString(DCM_RTROIInterpretedType, "GTV");
  observation->putAndInsertString(DCM_ROIInterpreter, "");
  RADFED_RETURN_IF_ERROR(CheckDcmtk(file.saveFile(out.rtstruct.c_str(), EXS_LittleEndianExplicit), out.rtstruct.string()));
  if (!acq.segmentation_object) return out;

  // The SEG holds the same voxels a reader rasterises from the structure set: each contour
  // filled by the even-odd rule on its own slice.
  imaging::Mask mask(g);
  const int64_t plane = g.size[0] * g.size[1];
  for (const Contour& c : ct.contours) {
    std::vector<dicom::Point2> polygon;
    for (const auto& p : c.points) {
      const imaging::Vec3 index = g.PhysicalToIndex(p);
      polygon.push_back({index[0], index[1]});
    }
    dicom::ToggleInsidePolygon(polygon, g.size[0], g.size[1], mask.voxels.data() + c.slice * plane);
  }
  out.segmentation = dir / "seg.dcm";
  const SegmentationSource source{&patient, study_uid, frame_uid, series_uid, slice_uids, uid_seed};
  RADFED_RETURN_IF_ERROR(WriteBinarySegmentation(out.segmentation, mask, "GTV", source));
  return out;
}

}  // namespace radfed::synthetic
