#include "node/dicom/seg_reader.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "node/dicom/dicom_file.h"
#include "node/dicom/dicom_series_reader.h"
#include "node/imaging/nrrd_reader.h"
#include "node/imaging/standard_readers.h"

namespace radfed::dicom {
namespace {

namespace fs = std::filesystem;

const std::string kData = RADFED_TEST_DATA_DIR;
const std::string kDcmqi = kData + "/dicom/dcmqi_ct3slice_seg";
const std::string kHighdicom = kData + "/dicom/pydicom_ct_highdicom_seg";

size_t Count(const imaging::Mask& mask) {
  size_t n = 0;
  for (uint8_t v : mask.voxels) n += v;
  return n;
}

size_t Differing(const imaging::Mask& a, const imaging::Mask& b) {
  size_t n = 0;
  for (size_t v = 0; v < a.voxels.size(); ++v) n += (a.voxels[v] != 0) != (b.voxels[v] != 0);
  return n;
}

class DcmqiSegTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto series = ReadDicomSeries(kDcmqi + "/ct");
    ASSERT_TRUE(series.ok()) << series.status().ToString();
    grid_ = new imaging::Grid(series->image.grid);
  }
  static void TearDownTestSuite() { delete grid_; }
  static imaging::Grid* grid_;
};
imaging::Grid* DcmqiSegTest::grid_ = nullptr;

TEST_F(DcmqiSegTest, LiverEqualsTheNrrdVoxelByVoxel) {
  imaging::NrrdReader nrrd;
  auto truth = nrrd.ReadMask(kDcmqi + "/liver_seg.nrrd", "", *grid_);
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  // By label, label in another case, number, and as the only segment.
  for (const char* choice : {"Liver", "LIVER", "1", ""}) {
    auto mask = ReadSegMask(kDcmqi + "/liver.dcm", choice, *grid_);
    ASSERT_TRUE(mask.ok()) << choice << ": " << mask.status().ToString();
    EXPECT_EQ(Count(*mask), 107098u) << choice;
    EXPECT_EQ(Differing(*mask, *truth), 0u) << choice;
  }
}

TEST_F(DcmqiSegTest, AnotherFrameOfReferenceIsRefusedUnlessTheSlicesAreReferenced) {
  ASSERT_FALSE(grid_->frame_of_reference_uid.empty());
  imaging::Grid elsewhere = *grid_;
  elsewhere.frame_of_reference_uid = "1.2.826.0.1.3680043.10.9999.2";
  // The SEG lists the CT's slices among the instances it references.
  auto referenced = ReadSegMask(kDcmqi + "/liver.dcm", "Liver", elsewhere);
  ASSERT_TRUE(referenced.ok()) << referenced.status().ToString();
  EXPECT_EQ(Count(*referenced), 107098u);
  elsewhere.slice_sop_instance_uids.clear();
  auto mask = ReadSegMask(kDcmqi + "/liver.dcm", "Liver", elsewhere);
  ASSERT_FALSE(mask.ok());
  EXPECT_NE(mask.status().message().find("frame of reference " + grid_->frame_of_reference_uid +
                                         " is not the image's (1.2.826.0.1.3680043.10.9999.2)"),
            std::string::npos)
      << mask.status().message();
}

TEST_F(DcmqiSegTest, StandardReadersPickTheSegReader) {
  const imaging::ReaderSet readers = imaging::StandardReaders();
  auto mask = readers.ReadMask(kDcmqi + "/liver.dcm", "Liver", *grid_);
  ASSERT_TRUE(mask.ok()) << mask.status().ToString();
  EXPECT_EQ(Count(*mask), 107098u);
  auto image = readers.ReadImage(kDcmqi + "/liver.dcm");
  EXPECT_EQ(image.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(image.status().message().find("not an image"), std::string::npos)
      << image.status().message();
}

TEST_F(DcmqiSegTest, OverlappingSegmentsStaySeparate) {
  // dcmqi wrote these five segments from three label maps: segment n is label n of one of them.
  const std::vector<std::pair<std::string, std::string>> segments = {
      {"GREEN", "partial_overlaps-1.nrrd"},
      {"ORANGE", "partial_overlaps-2.nrrd"},
      {"PURPLE", "partial_overlaps-3.nrrd"},
      {"LIGHT_BLUE", "partial_overlaps-1.nrrd"},
      {"DARK_BLUE", "partial_overlaps-1.nrrd"}};
  imaging::NrrdReader nrrd;
  std::vector<imaging::Mask> masks;
  for (size_t s = 0; s < segments.size(); ++s) {
    auto mask = ReadSegMask(kDcmqi + "/partial_overlaps.dcm", segments[s].first, *grid_);
    ASSERT_TRUE(mask.ok()) << mask.status().ToString();
    auto truth = nrrd.ReadMask(kDcmqi + "/" + segments[s].second, std::to_string(s + 1), *grid_);
    ASSERT_TRUE(truth.ok()) << truth.status().ToString();
    EXPECT_GT(Count(*mask), 0u) << segments[s].first;
    EXPECT_EQ(Differing(*mask, *truth), 0u) << segments[s].first;
    masks.push_back(std::move(*mask));
  }
  // GREEN and ORANGE share voxels; each keeps them.
  size_t shared = 0;
  for (size_t v = 0; v < masks[0].voxels.size(); ++v)
    shared += masks[0].voxels[v] & masks[1].voxels[v];
  EXPECT_GT(shared, 0u);
}

TEST_F(DcmqiSegTest, UnknownOrMissingSegmentListsTheLabels) {
  auto unknown = ReadSegMask(kDcmqi + "/partial_overlaps.dcm", "RED", *grid_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  for (const char* label : {"1 'GREEN'", "5 'DARK_BLUE'", "partial_overlaps.dcm"}) {
    EXPECT_NE(unknown.status().message().find(label), std::string::npos)
        << unknown.status().message();
  }
  auto ambiguous = ReadSegMask(kDcmqi + "/partial_overlaps.dcm", "", *grid_);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.status().message().find("5 segments"), std::string::npos)
      << ambiguous.status().message();
  auto segments = SegSegments(kDcmqi + "/partial_overlaps.dcm");
  ASSERT_TRUE(segments.ok()) << segments.status().ToString();
  ASSERT_EQ(segments->size(), 5u);
  EXPECT_EQ((*segments)[2].label, "PURPLE");
  EXPECT_EQ((*segments)[2].number, 3);
}

TEST_F(DcmqiSegTest, TruncatedFileIsAnErrorNamingIt) {
  const fs::path cut = fs::path(::testing::TempDir()) / "liver_truncated.dcm";
  {
    std::ifstream in(kDcmqi + "/liver.dcm", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream out(cut, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size() - 20000));
  }
  auto mask = ReadSegMask(cut, "Liver", *grid_);
  ASSERT_FALSE(mask.ok());
  EXPECT_NE(mask.status().message().find(cut.string()), std::string::npos)
      << mask.status().message();
}

TEST_F(DcmqiSegTest, FramesInconsistentWithNumberOfFramesAreAnError) {
  // Three per-frame items but no NumberOfFrames and one frame of pixel data.
  auto mask = ReadSegMask(kData + "/dicom/misc_single_files/liver_1frame.dcm", "Liver", *grid_);
  ASSERT_FALSE(mask.ok());
  EXPECT_NE(mask.status().message().find("3 per-frame functional group items for 1 frames"),
            std::string::npos)
      << mask.status().message();
}

TEST_F(DcmqiSegTest, SegOfAnotherSeriesIsRejected) {
  auto mask = ReadSegMask(kData + "/dicom/orthanc_tcga_gbm_mr_seg/DicomSeg.dcm", "Edema", *grid_);
  ASSERT_FALSE(mask.ok());
  EXPECT_EQ(mask.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(
      mask.status().message().find(
          "DicomSeg.dcm: the segmentation's frame of reference "
          "1.3.6.1.4.1.14519.5.2.1.7695.4001.323175871047234548026456122140 is not the image's"),
      std::string::npos)
      << mask.status().message();
}

// The highdicom CT series has a gap below its last three slices; those three (z 103.02, 104.27,
// 105.52) form the grid the SEGs are placed on.
imaging::Grid HighdicomGrid() {
  auto slice = ReadDicomSeries(kHighdicom + "/CT2/17136");
  EXPECT_TRUE(slice.ok()) << slice.status().ToString();
  imaging::Grid grid = slice->image.grid;
  grid.size[2] = 3;
  grid.spacing[2] = 1.25;
  return grid;
}

TEST(HighdicomSegTest, BinaryAndFractionalEncodingsAgree) {
  const imaging::Grid grid = HighdicomGrid();
  auto binary = ReadSegMask(kHighdicom + "/seg/seg_image_ct_binary.dcm", "first segment", grid);
  ASSERT_TRUE(binary.ok()) << binary.status().ToString();
  EXPECT_GT(Count(*binary), 0u);
  // 255 of 255 where the binary SEG is set, 0 elsewhere.
  auto fractional = ReadSegMask(kHighdicom + "/seg/seg_image_ct_binary_fractional.dcm", "", grid);
  ASSERT_TRUE(fractional.ok()) << fractional.status().ToString();
  EXPECT_EQ(Differing(*binary, *fractional), 0u);
  // 128 of 255 (just above one half) where set, 64 (below) at some voxels outside.
  auto probability = ReadSegMask(kHighdicom + "/seg/seg_image_ct_true_fractional.dcm", "", grid);
  ASSERT_TRUE(probability.ok()) << probability.status().ToString();
  EXPECT_EQ(Differing(*binary, *probability), 0u);
}

TEST(HighdicomSegTest, FrameOffTheSlabIsAnErrorUnlessEmpty) {
  // The overlap SEG has a non-empty frame at z -99.48, below the three-slice grid.
  auto off = ReadSegMask(kHighdicom + "/seg/seg_image_ct_binary_overlap.dcm", "second segment",
                         HighdicomGrid());
  ASSERT_FALSE(off.ok());
  EXPECT_NE(off.status().message().find("outside the image's slices"), std::string::npos)
      << off.status().message();
  // On a grid reaching down to it, both segments are read and differ.
  imaging::Grid tall = HighdicomGrid();
  tall.origin[2] = -99.48;
  tall.size[2] = 165;
  auto first =
      ReadSegMask(kHighdicom + "/seg/seg_image_ct_binary_overlap.dcm", "first segment", tall);
  auto second = ReadSegMask(kHighdicom + "/seg/seg_image_ct_binary_overlap.dcm", "2", tall);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_GT(Count(*first), 0u);
  EXPECT_GT(Count(*second), 0u);
  EXPECT_GT(Differing(*first, *second), 0u);
}

TEST(HighdicomSegTest, SingleFrameSegOnItsSlice) {
  auto ct = ReadDicomSeries(kHighdicom + "/CT_small.dcm");
  ASSERT_TRUE(ct.ok()) << ct.status().ToString();
  auto mask =
      ReadSegMask(kHighdicom + "/seg/seg_image_ct_binary_single_frame.dcm", "", ct->image.grid);
  ASSERT_TRUE(mask.ok()) << mask.status().ToString();
  EXPECT_GT(Count(*mask), 0u);
}

// A small SEG written with DCMTK, for the cases no real file covers.
struct SyntheticSeg {
  long rows = 3;
  long columns = 5;
  std::string type = "BINARY";
  std::string orientation = "1\\0\\0\\0\\1\\0";
  std::vector<imaging::Vec3> positions;  // one per frame, all of segment 1
  std::vector<uint8_t> pixel_data;
  int bits_allocated = 1;
  long maximum_fraction = 0;
};

fs::path Write(const SyntheticSeg& s, const std::string& name) {
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, kSegmentationSopClass);
  ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.10.9999.1");
  ds.putAndInsertString(DCM_Modality, "SEG");
  ds.putAndInsertString(DCM_SegmentationType, s.type.c_str());
  if (s.maximum_fraction > 0)
    ds.putAndInsertUint16(DCM_MaximumFractionalValue, static_cast<Uint16>(s.maximum_fraction));
  DcmItem* segment = nullptr;
  ds.findOrCreateSequenceItem(DCM_SegmentSequence, segment, -2);
  segment->putAndInsertUint16(DCM_SegmentNumber, 1);
  segment->putAndInsertString(DCM_SegmentLabel, "Tumour");
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(s.rows));
  ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(s.columns));
  ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(s.positions.size()).c_str());
  ds.putAndInsertUint16(DCM_BitsAllocated, static_cast<Uint16>(s.bits_allocated));
  ds.putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(s.bits_allocated));
  ds.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(s.bits_allocated - 1));
  DcmItem* shared = nullptr;
  ds.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, -2);
  DcmItem* orientation = nullptr;
  shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, orientation, -2);
  orientation->putAndInsertString(DCM_ImageOrientationPatient, s.orientation.c_str());
  DcmItem* measures = nullptr;
  shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, measures, -2);
  measures->putAndInsertString(DCM_PixelSpacing, "1\\1");
  for (const imaging::Vec3& p : s.positions) {
    DcmItem* frame = nullptr;
    ds.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, -2);
    DcmItem* position = nullptr;
    frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, position, -2);
    const std::string ipp =
        std::to_string(p[0]) + "\\" + std::to_string(p[1]) + "\\" + std::to_string(p[2]);
    position->putAndInsertString(DCM_ImagePositionPatient, ipp.c_str());
    DcmItem* identification = nullptr;
    frame->findOrCreateSequenceItem(DCM_SegmentIdentificationSequence, identification, -2);
    identification->putAndInsertUint16(DCM_ReferencedSegmentNumber, 1);
  }
  ds.putAndInsertUint8Array(DCM_PixelData, s.pixel_data.data(),
                            static_cast<unsigned long>(s.pixel_data.size()));
  const fs::path path = fs::path(::testing::TempDir()) / name;
  EXPECT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  return path;
}

// Packs bits the DICOM way: pixel n is bit n % 8 of byte n / 8, continuing across frames.
std::vector<uint8_t> Pack(const std::vector<bool>& bits) {
  std::vector<uint8_t> bytes((bits.size() + 7) / 8, 0);
  for (size_t n = 0; n < bits.size(); ++n) {
    if (bits[n]) bytes[n / 8] |= static_cast<uint8_t>(1u << (n % 8));
  }
  return bytes;
}

imaging::Grid SyntheticGrid(int64_t columns, int64_t rows, int64_t slices) {
  imaging::Grid grid;
  grid.size = {columns, rows, slices};
  grid.spacing = {1, 1, 2};
  return grid;
}

bool Pattern(int64_t c, int64_t r, int64_t f) { return (c * 7 + r * 3 + f * 5) % 4 == 0; }

TEST(SyntheticSegTest, BitsRunOnAcrossFramesOfFifteenPixels) {
  SyntheticSeg s;  // 5 x 3 = 15 pixels per frame: frames 2 and 3 start mid-byte
  std::vector<bool> bits;
  for (int64_t f = 0; f < 3; ++f) {
    s.positions.push_back({0, 0, 2.0 * static_cast<double>(f)});
    for (int64_t r = 0; r < 3; ++r) {
      for (int64_t c = 0; c < 5; ++c) bits.push_back(Pattern(c, r, f));
    }
  }
  s.pixel_data = Pack(bits);
  auto mask = ReadSegMask(Write(s, "bits15.dcm"), "Tumour", SyntheticGrid(5, 3, 3));
  ASSERT_TRUE(mask.ok()) << mask.status().ToString();
  for (int64_t f = 0; f < 3; ++f) {
    for (int64_t r = 0; r < 3; ++r) {
      for (int64_t c = 0; c < 5; ++c)
        EXPECT_EQ(mask->at(c, r, f), Pattern(c, r, f) ? 1 : 0) << c << r << f;
    }
  }
}

TEST(SyntheticSegTest, CroppedAndTransposedFramesLandOnTheirVoxels) {
  // A frame of 2 rows x 1 column whose row index runs along +x and column index along +y
  // (transposed), starting at voxel (3, 1) of slice 1: its pixel (column 0, row 1) is voxel (4, 1,
  // 1).
  SyntheticSeg s;
  s.rows = 2;
  s.columns = 1;
  s.orientation = "0\\1\\0\\1\\0\\0";
  s.positions = {{3, 1, 2}};
  s.pixel_data = Pack({false, true});
  auto mask = ReadSegMask(Write(s, "transposed.dcm"), "", SyntheticGrid(5, 3, 3));
  ASSERT_TRUE(mask.ok()) << mask.status().ToString();
  EXPECT_EQ(Count(*mask), 1u);
  EXPECT_EQ(mask->at(4, 1, 1), 1);
}

TEST(SyntheticSegTest, FractionalThresholdIsHalfTheMaximum) {
  SyntheticSeg s;
  s.type = "FRACTIONAL";
  s.bits_allocated = 8;
  s.maximum_fraction = 200;
  s.rows = 1;
  s.columns = 4;
  s.positions = {{0, 0, 0}};
  s.pixel_data = {99, 100, 200, 0};
  auto mask = ReadSegMask(Write(s, "fractional.dcm"), "", SyntheticGrid(4, 1, 1));
  ASSERT_TRUE(mask.ok()) << mask.status().ToString();
  EXPECT_EQ(mask->voxels, (std::vector<uint8_t>{0, 1, 1, 0}));
}

TEST(SyntheticSegTest, GeometryErrors) {
  SyntheticSeg s;
  s.positions = {{0, 0, 0}, {0, 0, 20}};
  std::vector<bool> bits(30, false);
  bits[3] = true;
  s.pixel_data = Pack(bits);
  const imaging::Grid grid = SyntheticGrid(5, 3, 3);
  // The second frame (z 20) is off the three-slice slab but empty: ignored.
  auto ok = ReadSegMask(Write(s, "empty_off_slab.dcm"), "", grid);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(Count(*ok), 1u);
  bits[20] = true;
  s.pixel_data = Pack(bits);
  auto off = ReadSegMask(Write(s, "off_slab.dcm"), "", grid);
  EXPECT_NE(off.status().message().find("frame 2 of"), std::string::npos) << off.status().message();
  // Shifted by half a voxel: between voxel centres.
  s.positions = {{0.5, 0, 0}, {0, 0, 2}};
  auto between = ReadSegMask(Write(s, "between.dcm"), "", grid);
  EXPECT_NE(between.status().message().find("between the image's voxel centres"), std::string::npos)
      << between.status().message();
  // Shifted by two voxels: set pixels leave the grid along x.
  s.positions = {{2, 0, 0}, {0, 0, 2}};
  auto outside = ReadSegMask(Write(s, "outside.dcm"), "", grid);
  EXPECT_NE(outside.status().message().find("outside the image"), std::string::npos)
      << outside.status().message();
  // Tilted frames.
  s.positions = {{0, 0, 0}, {0, 0, 2}};
  s.orientation = "1\\0\\0\\0\\0.8\\0.6";
  auto tilted = ReadSegMask(Write(s, "tilted.dcm"), "", grid);
  EXPECT_NE(tilted.status().message().find("not the image's voxels"), std::string::npos)
      << tilted.status().message();
}

TEST(SyntheticSegTest, ShortPixelDataIsAnError) {
  SyntheticSeg s;
  s.positions = {{0, 0, 0}, {0, 0, 2}, {0, 0, 4}};
  s.pixel_data = std::vector<uint8_t>(4, 0xff);  // 45 bits need 6 bytes
  auto mask = ReadSegMask(Write(s, "short.dcm"), "", SyntheticGrid(5, 3, 3));
  ASSERT_FALSE(mask.ok());
  EXPECT_NE(mask.status().message().find("PixelData has 4 bytes"), std::string::npos)
      << mask.status().message();
}

TEST(SyntheticSegTest, EmptySegmentIsAnError) {
  SyntheticSeg s;
  s.positions = {{0, 0, 0}};
  s.pixel_data = std::vector<uint8_t>(2, 0);
  auto mask = ReadSegMask(Write(s, "empty.dcm"), "", SyntheticGrid(5, 3, 1));
  ASSERT_FALSE(mask.ok());
  EXPECT_NE(mask.status().message().find("marks no voxel"), std::string::npos)
      << mask.status().message();
}

}  // namespace
}  // namespace radfed::dicom
