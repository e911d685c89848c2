#include "node/synthetic/seg_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "node/synthetic/dicom_attributes.h"

namespace radfed::synthetic {
namespace {

struct Code {
  const char* value;
  const char* scheme;
  const char* meaning;
};

Status PutCode(DcmItem* parent, const DcmTagKey& sequence, const Code& code) {
  DcmItem* item = nullptr;
  RADFED_RETURN_IF_ERROR(CheckDcmtk(parent->findOrCreateSequenceItem(sequence, item, -2), DcmTag(sequence).getTagName()));
  item->putAndInsertString(DCM_CodeValue, code.value);
  item->putAndInsertString(DCM_CodingSchemeDesignator, code.scheme);
  item->putAndInsertString(DCM_CodeMeaning, code.meaning);
  return Status::Ok();
}

}  // namespace

Status WriteBinarySegmentation(const std::filesystem::path& path, const imaging::Mask& mask,
                               const std::string& label, const SegmentationSource& source) {
  const imaging::Grid& g = mask.grid;
  if (source.patient == nullptr || source.slice_uids.size() != static_cast<size_t>(g.size[2])) {
    return Status::InvalidArgument(path.string() + ": the segmentation needs the CT's patient and one UID per slice");
  }
  const int64_t columns = g.size[0], rows = g.size[1];
  std::vector<int64_t> frames;  // the slices that hold the segment
  for (int64_t k = 0; k < g.size[2]; ++k) {
    for (int64_t v = 0; v < rows * columns; ++v) {
      if (mask.voxels[static_cast<size_t>(k * rows * columns + v)]) {
        frames.push_back(k);
        break;
      }
    }
  }
  if (frames.empty()) return Status::InvalidArgument(path.string() + ": segment '" + label + "' is empty");

  DcmFileFormat file;
  DcmDataset* ds = file.getDataset();
  RADFED_RETURN_IF_ERROR(PutPatientAndStudy(ds, *source.patient, source.study_uid, source.frame_of_reference_uid));
  const std::string& id = source.patient->id;
  const std::vector<std::pair<DcmTagKey, std::string>> tags = {
      {DCM_SOPClassUID, UID_SegmentationStorage},
      {DCM_SOPInstanceUID, MakeUid(source.uid_seed, id + "/seg")},
      {DCM_SeriesInstanceUID, MakeUid(source.uid_seed, id + "/seg-series")},
      {DCM_Modality, "SEG"},
      {DCM_SeriesNumber, "4"},
      {DCM_InstanceNumber, "1"},
      {DCM_Manufacturer, "radfed synthetic auto-contouring"},
      {DCM_ImageType, "DERIVED\\PRIMARY"},
      {DCM_ContentLabel, label},
      {DCM_ContentDescription, "tumour segmentation"},
      {DCM_ContentCreatorName, "radfed^synthetic"},
      {DCM_ContentDate, "20240101"},
      {DCM_ContentTime, "120000"},
      {DCM_SegmentationType, "BINARY"},
      {DCM_SamplesPerPixel, "1"},
      {DCM_PhotometricInterpretation, "MONOCHROME2"},
      {DCM_LossyImageCompression, "00"},
      {DCM_NumberOfFrames, std::to_string(frames.size())},
  };
  for (const auto& [key, value] : tags) {
    RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertString(key, value.c_str()), DcmTag(key).getTagName()));
  }
  RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16(DCM_Rows, static_cast<Uint16>(rows)), "Rows"));
  RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->putAndInsertUint16(DCM_Columns, static_cast<Uint16>(columns)), "Columns"));
  ds->putAndInsertUint16(DCM_BitsAllocated, 1);
  ds->putAndInsertUint16(DCM_BitsStored, 1);
  ds->putAndInsertUint16(DCM_HighBit, 0);
  ds->putAndInsertUint16(DCM_PixelRepresentation, 0);

  DcmItem* segment = nullptr;
  RADFED_RETURN_IF_ERROR(CheckDcmtk(ds->findOrCreateSequenceItem(DCM_SegmentSequence, segment, -2), "SegmentSequence"));
  segment->putAndInsertUint16(DCM_SegmentNumber, 1);
  segment->putAndInsertString(DCM_SegmentLabel, label.c_str());
  segment->putAndInsertString(DCM_SegmentAlgorithmType, "AUTOMATIC");
  segment->putAndInsertString(DCM_SegmentAlgorithmName, "radfed synthetic");
  RADFED_RETURN_IF_ERROR(PutCode(segment, DCM_SegmentedPropertyCategoryCodeSequence,
                                 {"49755003", "SCT", "Morphologically Altered Structure"}));
  RADFED_RETURN_IF_ERROR(PutCode(segment, DCM_SegmentedPropertyTypeCodeSequence, {"4147007", "SCT", "Mass"}));

  // Frames are indexed by (segment, position), as most viewers expect.
  const std::string organization = MakeUid(source.uid_seed, id + "/seg-dimensions");
  ds->findOrCreateSequenceItem(DCM_DimensionOrganizationSequence, segment, -2);
  segment->putAndInsertString(DCM_DimensionOrganizationUID, organization.c_str());
  const std::pair<DcmTagKey, DcmTagKey> dimensions[] = {
      {DCM_ReferencedSegmentNumber, DCM_SegmentIdentificationSequence},
      {DCM_ImagePositionPatient, DCM_PlanePositionSequence},
  };
  for (const auto& [pointer, group] : dimensions) {
    DcmItem* index = nullptr;
    ds->findOrCreateSequenceItem(DCM_DimensionIndexSequence, index, -2);
    index->putAndInsertString(DCM_DimensionOrganizationUID, organization.c_str());
    index->putAndInsertTagKey(DCM_DimensionIndexPointer, pointer);
    index->putAndInsertTagKey(DCM_FunctionalGroupPointer, group);
  }

  DcmItem* shared = nullptr;
  ds->findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, -2);
  DcmItem* measures = nullptr;
  shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, measures, -2);
  measures->putAndInsertString(DCM_PixelSpacing, JoinDecimals({g.spacing[1], g.spacing[0]}).c_str());
  measures->putAndInsertString(DCM_SliceThickness, Decimal(g.spacing[2]).c_str());
  measures->putAndInsertString(DCM_SpacingBetweenSlices, Decimal(g.spacing[2]).c_str());
  DcmItem* orientation = nullptr;
  shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, orientation, -2);
  orientation->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");

  for (const int64_t k : frames) {
    DcmItem* frame = nullptr;
    ds->findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, -2);
    DcmItem* content = nullptr;
    frame->findOrCreateSequenceItem(DCM_FrameContentSequence, content, -2);
    const Uint32 index[2] = {1, static_cast<Uint32>(k + 1)};
    content->putAndInsertUint32Array(DCM_DimensionIndexValues, index, 2);
    DcmItem* position = nullptr;
    frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, position, -2);
    const imaging::Vec3 p = g.IndexToPhysical({0, 0, static_cast<double>(k)});
    position->putAndInsertString(DCM_ImagePositionPatient, JoinDecimals({p[0], p[1], p[2]}).c_str());
    DcmItem* identification = nullptr;
    frame->findOrCreateSequenceItem(DCM_SegmentIdentificationSequence, identification, -2);
    identification->putAndInsertUint16(DCM_ReferencedSegmentNumber, 1);
    DcmItem* derivation = nullptr;
    frame->findOrCreateSequenceItem(DCM_DerivationImageSequence, derivation, -2);
    RADFED_RETURN_IF_ERROR(PutCode(derivation, DCM_DerivationCodeSequence, {"113076", "DCM", "Segmentation"}));
    DcmItem* source_image = nullptr;
    derivation->findOrCreateSequenceItem(DCM_SourceImageSequence, source_image, -2);
    source_image->putAndInsertString(DCM_ReferencedSOPClassUID, UID_CTImageStorage);
    source_image->putAndInsertString(DCM_ReferencedSOPInstanceUID, source.slice_uids[static_cast<size_t>(k)].c_str());
    RADFED_RETURN_IF_ERROR(PutCode(source_image, DCM_PurposeOfReferenceCodeSequence,
                                   {"121322", "DCM", "Source image for image processing operation"}));
  }

  DcmItem* referenced = nullptr;
  ds->findOrCreateSequenceItem(DCM_ReferencedSeriesSequence, referenced, -2);
  referenced->putAndInsertString(DCM_SeriesInstanceUID, source.series_uid.c_str());
  for (const int64_t k : frames) {
    DcmItem* instance = nullptr;
    referenced->findOrCreateSequenceItem(DCM_ReferencedInstanceSequence, instance, -2);
    instance->putAndInsertString(DCM_ReferencedSOPClassUID, UID_CTImageStorage);
    instance->putAndInsertString(DCM_ReferencedSOPInstanceUID, source.slice_uids[static_cast<size_t>(k)].c_str());
  }

  // Bits run on across frames with no padding between them, first pixel in the lowest bit; the
  // whole value is padded to an even length.
  const size_t frame_bits = static_cast<size_t>(rows * columns);
  const size_t bytes = (frames.size() * frame_bits + 7) / 8;
  std::vector<Uint8> packed(bytes + bytes % 2, 0);
  size_t bit = 0;
  for (const int64_t k : frames) {
    const uint8_t* slice = mask.voxels.data() + static_cast<size_t>(k) * frame_bits;
    for (size_t v = 0; v < frame_bits; ++v, ++bit) {
      if (slice[v]) packed[bit / 8] = static_cast<Uint8>(packed[bit / 8] | (1u << (bit % 8)));
    }
  }
  RADFED_RETURN_IF_ERROR(CheckDcmtk(
      ds->putAndInsertUint8Array(DCM_PixelData, packed.data(), static_cast<unsigned long>(packed.size())), "PixelData"));
  return CheckDcmtk(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), path.string());
}

}  // namespace radfed::synthetic
