#include "node/dicom/dicom_series_reader.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <utility>
#include <vector>

#include "node/imaging/nifti_reader.h"

namespace radfed::dicom {
namespace {

namespace fs = std::filesystem;

const std::string kData = RADFED_TEST_DATA_DIR;
const std::string kPhantom = kData + "/ibsi/ibsi1_ct_phantom";

TEST(DicomSeriesReaderTest, IbsiCtPhantomEqualsItsNiftiForm) {
  auto series = ReadDicomSeries(kPhantom + "/dicom/image");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  const imaging::Grid& grid = series->image.grid;
  EXPECT_EQ(grid.size, (imaging::Index3{204, 201, 60}));
  EXPECT_NEAR(grid.spacing[0], 0.977, 1e-6);
  EXPECT_NEAR(grid.spacing[2], 3.0, 1e-6);
  EXPECT_EQ(series->modality, "CT");
  EXPECT_EQ(grid.slice_sop_instance_uids.size(), 60u);
  EXPECT_EQ(grid.frame_of_reference_uid, "1.3.6.1.4.1.9590.100.1.2.43753750011518494101799896492065629048");

  imaging::NiftiReader nifti;
  auto reference = nifti.ReadImage(kPhantom + "/nifti/image/phantom.nii.gz");
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();
  EXPECT_TRUE(grid.SameGeometry(reference->grid, 1e-3)) << grid.Describe() << " vs " << reference->grid.Describe();
  size_t differing = 0;
  for (size_t v = 0; v < reference->voxels.size(); ++v) {
    if (std::abs(series->image.voxels[v] - reference->voxels[v]) > 1e-3f) ++differing;
  }
  EXPECT_EQ(differing, 0u);
}

TEST(DicomSeriesReaderTest, RescaleInterceptGivesHounsfieldUnits) {
  // dcmqi CT: intercept -1024, slope 1; air outside the body is about -1000 HU or below.
  auto series = ReadDicomSeries(kData + "/dicom/dcmqi_ct3slice_seg/ct");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_EQ(series->image.grid.size, (imaging::Index3{512, 512, 3}));
  EXPECT_NEAR(series->image.grid.spacing[2], 1.0, 1e-6);
  EXPECT_NEAR(series->image.grid.origin[2], -128.69, 1e-5);  // sorted along +z from the lowest slice
  EXPECT_LE(series->image.at(5, 5, 0), -900.0f);
}

TEST(DicomSeriesReaderTest, GapInSeriesIsReported) {
  const std::string dir = kData + "/dicom/pydicom_ct_highdicom_seg/CT2";
  auto series = ReadDicomSeries(dir);
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(series.status().message().find(dir), std::string::npos) << series.status().message();
  // Four slices: one at z -99.48, then three 1.25 mm apart from z 103.02.
  EXPECT_NE(series.status().message().find(
                "161 missing slice(s) between (-125, -128.1, -99.48) and (-125, -128.1, 103.02)"),
            std::string::npos)
      << series.status().message();
}

TEST(DicomSeriesReaderTest, SeveralSeriesAreListed) {
  auto series = ReadDicomSeries(kData + "/dicom/pydicom_ct_highdicom_seg");
  ASSERT_FALSE(series.ok());
  EXPECT_NE(series.status().message().find("image series found"), std::string::npos) << series.status().message();
}

TEST(DicomSeriesReaderTest, SegWithoutItsImagesIsReported) {
  auto series = ReadDicomSeries(kData + "/dicom/orthanc_tcga_gbm_mr_seg");
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.status().code(), StatusCode::kNotFound);
  EXPECT_NE(series.status().message().find("whose images are absent"), std::string::npos) << series.status().message();
  EXPECT_NE(series.status().message().find("DicomSeg.dcm (SEG referencing series "
                                           "1.3.6.1.4.1.14519.5.2.1.7695.4001.116744760614299221617250951944"),
            std::string::npos)
      << series.status().message();
}

TEST(DicomSeriesReaderTest, SingleFileIsAOneSliceImage) {
  auto series = ReadDicomSeries(kData + "/dicom/misc_single_files/MR_small.dcm");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_EQ(series->image.grid.size, (imaging::Index3{64, 64, 1}));
  EXPECT_EQ(series->modality, "MR");
}

// A copy of the dcmqi CT (slices 01, 02, 03 at z -126.69, -127.69, -128.69) in a fresh directory.
fs::path CopyOfDcmqiCt(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* slice : {"01.dcm", "02.dcm", "03.dcm"}) {
    fs::copy_file(kData + "/dicom/dcmqi_ct3slice_seg/ct/" + slice, dir / slice);
  }
  return dir;
}

void Truncate(const fs::path& file, size_t bytes) {
  std::ifstream in(file, std::ios::binary);
  std::string head(bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(bytes));
  in.close();
  std::ofstream(file, std::ios::binary | std::ios::trunc) << head;
}

// Damaged slices used to be skipped: one at the end of the stack gave a smaller volume without
// error, one in the middle a "missing slice" error that did not name it.
TEST(DicomSeriesReaderTest, DamagedSliceIsAnErrorNamingIt) {
  const fs::path cut = CopyOfDcmqiCt("dicom-cut");
  Truncate(cut / "01.dcm", 2000);  // an end slice, cut before its pixel data: DCMTK loads it
  auto truncated = ReadDicomSeries(cut);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find((cut / "01.dcm").string() + ": a slice of series " +
                                              "1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1 without PixelData"),
            std::string::npos)
      << truncated.status().message();

  const fs::path cut_in_pixels = CopyOfDcmqiCt("dicom-cut-pixels");
  Truncate(cut_in_pixels / "01.dcm", 100000);  // within its pixel data: DCMTK refuses it
  auto pixels = ReadDicomSeries(cut_in_pixels);
  ASSERT_FALSE(pixels.ok());
  EXPECT_NE(pixels.status().message().find((cut_in_pixels / "01.dcm").string() + ": not a readable DICOM file"),
            std::string::npos)
      << pixels.status().message();

  const fs::path emptied = CopyOfDcmqiCt("dicom-empty");
  std::ofstream(emptied / "02.dcm", std::ios::trunc).close();  // the middle slice
  auto empty = ReadDicomSeries(emptied);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find((emptied / "02.dcm").string() + ": empty file"), std::string::npos)
      << empty.status().message();
  EXPECT_EQ(empty.status().message().find("missing slice"), std::string::npos) << empty.status().message();

  const fs::path preamble = CopyOfDcmqiCt("dicom-preamble");
  Truncate(preamble / "03.dcm", 64);  // cut within the zero preamble
  auto short_file = ReadDicomSeries(preamble);
  ASSERT_FALSE(short_file.ok());
  EXPECT_NE(short_file.status().message().find((preamble / "03.dcm").string() + ": 64 zero bytes"), std::string::npos)
      << short_file.status().message();
}

TEST(DicomSeriesReaderTest, FilesThatAreNotSlicesAreSkipped) {
  const fs::path dir = CopyOfDcmqiCt("dicom-extras");
  std::ofstream(dir / "README.txt") << "CT of the dcmqi test data\n";
  std::ofstream(dir / ".gitkeep").close();
  auto series = ReadDicomSeries(dir);
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_EQ(series->image.grid.size[2], 3);
}

// The dcmqi CT's 512x512 16-bit pixel data labelled as 8-bit: twice the bytes the header needs,
// which used to be accepted and decoded into wrong intensities.
TEST(DicomSeriesReaderTest, PixelDataOfAnotherLengthThanTheHeaderSaysIsAnError) {
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile((kData + "/dicom/dcmqi_ct3slice_seg/ct/01.dcm").c_str()).good());
  DcmDataset& ds = *file.getDataset();
  ds.putAndInsertUint16(DCM_BitsAllocated, 8);
  ds.putAndInsertUint16(DCM_BitsStored, 8);
  ds.putAndInsertUint16(DCM_HighBit, 7);
  const fs::path path = fs::path(::testing::TempDir()) / "bits8.dcm";
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  auto series = ReadDicomSeries(path);
  ASSERT_FALSE(series.ok());
  EXPECT_NE(series.status().message().find(
                path.string() + ": PixelData has 524288 bytes, but Rows 512 x Columns 512 x NumberOfFrames 1 "
                                "x SamplesPerPixel 1 at BitsAllocated 8 need 262144"),
            std::string::npos)
      << series.status().message();
}

// The identifying and image-pixel attributes of a CT object of `size` x `size` unsigned pixels.
void PutCtImageModule(DcmDataset& ds, const char* sop_class, const char* series, Uint16 size, Uint16 bits) {
  ds.putAndInsertString(DCM_SOPClassUID, sop_class);
  ds.putAndInsertString(DCM_SeriesInstanceUID, series);
  ds.putAndInsertString(DCM_Modality, "CT");
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertUint16(DCM_Rows, size);
  ds.putAndInsertUint16(DCM_Columns, size);
  ds.putAndInsertUint16(DCM_BitsAllocated, bits);
  ds.putAndInsertUint16(DCM_BitsStored, bits);
  ds.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(bits - 1));
}

// A 3x3 8-bit CT slice of stored value 100 written with DCMTK; `pixel_bytes` other than 9 are
// too many or pad the data.
fs::path WriteSmallCt(const std::string& name, size_t pixel_bytes, const char* slope = "1",
                      const char* intercept = "-1024") {
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  PutCtImageModule(ds, "1.2.840.10008.5.1.4.1.1.2", "1.2.826.0.1.3680043.10.9999.10", 3, 8);
  ds.putAndInsertString(DCM_ImagePositionPatient, "0\\0\\0");
  ds.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  ds.putAndInsertString(DCM_PixelSpacing, "1\\1");
  ds.putAndInsertString(DCM_RescaleSlope, slope);
  ds.putAndInsertString(DCM_RescaleIntercept, intercept);
  const std::vector<Uint8> pixels(pixel_bytes, 100);
  ds.putAndInsertUint8Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  const fs::path path = fs::path(::testing::TempDir()) / name;
  EXPECT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  return path;
}

TEST(DicomSeriesReaderTest, OddPixelDataMayCarryOnePaddingByte) {
  auto padded = ReadDicomSeries(WriteSmallCt("padded.dcm", 10));
  ASSERT_TRUE(padded.ok()) << padded.status().ToString();
  EXPECT_EQ(padded->image.at(2, 2, 0), -924.0f);
  auto longer = ReadDicomSeries(WriteSmallCt("longer.dcm", 12));
  ASSERT_FALSE(longer.ok());
  EXPECT_NE(longer.status().message().find("need 9 (or one more for padding)"), std::string::npos)
      << longer.status().message();
}

// Present but unusable rescale values used to be replaced by slope 1 and intercept 0.
TEST(DicomSeriesReaderTest, UnusableRescaleIsAnErrorNamingTheTag) {
  const std::vector<std::tuple<const char*, const char*, std::string>> cases = {
      {"1", "nan", "RescaleIntercept 'nan'"},
      {"nan", "0", "RescaleSlope 'nan'"},
      {"inf", "0", "RescaleSlope 'inf'"},
      {"1e30", "0", "RescaleSlope '1e30'"},
      {"1", "-1e300", "RescaleIntercept '-1e300'"},
      {"1", "abc", "RescaleIntercept 'abc'"}};
  for (const auto& [slope, intercept, named] : cases) {
    const fs::path path = WriteSmallCt("rescale.dcm", 10, slope, intercept);
    auto series = ReadDicomSeries(path);
    ASSERT_FALSE(series.ok()) << named;
    EXPECT_NE(series.status().message().find(path.string() + ": " + named + " is not a finite number"),
              std::string::npos)
        << series.status().message();
  }
}

// An enhanced CT of two 2x2 frames whose Pixel Value Transformation is per frame.
fs::path WriteEnhancedCt(const std::string& name, const char* second_intercept) {
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  PutCtImageModule(ds, "1.2.840.10008.5.1.4.1.1.2.1", "1.2.826.0.1.3680043.10.9999.11", 2, 16);
  ds.putAndInsertString(DCM_NumberOfFrames, "2");
  DcmItem* shared = nullptr;
  ds.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, -2);
  DcmItem* orientation = nullptr;
  shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, orientation, -2);
  orientation->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  DcmItem* measures = nullptr;
  shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, measures, -2);
  measures->putAndInsertString(DCM_PixelSpacing, "1\\1");
  const std::pair<const char*, const char*> frames[] = {{"0\\0\\0", "-1024"}, {"0\\0\\1", second_intercept}};
  for (const auto& [ipp, intercept] : frames) {
    DcmItem* frame = nullptr;
    ds.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, -2);
    DcmItem* position = nullptr;
    frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, position, -2);
    position->putAndInsertString(DCM_ImagePositionPatient, ipp);
    DcmItem* transform = nullptr;
    frame->findOrCreateSequenceItem(DCM_PixelValueTransformationSequence, transform, -2);
    transform->putAndInsertString(DCM_RescaleSlope, "1");
    transform->putAndInsertString(DCM_RescaleIntercept, intercept);
  }
  const std::vector<Uint16> pixels(8, 1000);
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  const fs::path path = fs::path(::testing::TempDir()) / name;
  EXPECT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  return path;
}

TEST(DicomSeriesReaderTest, UnusableFrameRescaleIsAnErrorNamingTheFrame) {
  auto fine = ReadDicomSeries(WriteEnhancedCt("enhanced.dcm", "-1000"));
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_EQ(fine->image.at(0, 0, 0), -24.0f);
  EXPECT_EQ(fine->image.at(0, 0, 1), 0.0f);
  const fs::path path = WriteEnhancedCt("enhanced-nan.dcm", "nan");
  auto series = ReadDicomSeries(path);
  ASSERT_FALSE(series.ok());
  EXPECT_NE(series.status().message().find(path.string() +
                                           " frame 2 PixelValueTransformationSequence: RescaleIntercept 'nan'"),
            std::string::npos)
      << series.status().message();
}

// PixelSpacing goes through the readers' shared geometry check.
TEST(DicomSeriesReaderTest, AbsurdPixelSpacingIsAnError) {
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(WriteSmallCt("spacing.dcm", 10).c_str()).good());
  file.getDataset()->putAndInsertString(DCM_PixelSpacing, "1e300\\1");
  const fs::path path = fs::path(::testing::TempDir()) / "spacing.dcm";
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  auto series = ReadDicomSeries(path);
  ASSERT_FALSE(series.ok());
  EXPECT_NE(series.status().message().find(path.string() + ": voxel spacing 1e+300 mm"), std::string::npos)
      << series.status().message();
}

TEST(DicomSeriesReaderTest, SeriesIsNotAMask) {
  DicomSeriesReader reader;
  EXPECT_TRUE(reader.CanRead(kPhantom + "/dicom/image"));
  auto mask = reader.ReadMask(kPhantom + "/dicom/image", "", imaging::Grid{});
  EXPECT_EQ(mask.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::dicom
