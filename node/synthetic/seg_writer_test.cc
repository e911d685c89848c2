#include "node/synthetic/seg_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <memory>

#include "node/dicom/rtstruct_reader.h"
#include "node/dicom/seg_reader.h"
#include "node/synthetic/cohort_generator.h"

namespace radfed::synthetic {
namespace {

class SegWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("radfed-seg-writer-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(SegWriterTest, SegSiteWritesASegmentationDcmtkReadsWithTheRtStructVoxels) {
  CohortOptions options;
  options.site = "site-b";  // the demo site whose tumours come as SEG
  options.patients = 1;
  options.seed = 5;
  options.out = dir_;
  ASSERT_TRUE(GenerateCohort(options).ok());
  const auto seg_path = dir_ / "site-b-001" / "seg.dcm";
  ASSERT_TRUE(std::filesystem::exists(seg_path));

  // DCMTK's own Segmentation IOD reader accepts the object.
  DcmSegmentation* loaded = nullptr;
  ASSERT_TRUE(DcmSegmentation::loadFile(seg_path.c_str(), loaded).good());
  std::unique_ptr<DcmSegmentation> seg(loaded);
  DcmSegment* segment = seg->getSegment(1);
  ASSERT_NE(segment, nullptr);
  OFString label;
  segment->getSegmentLabel(label);
  EXPECT_EQ(label, "GTV");

  // As many set bits as the RTSTRUCT rasterises voxels, one frame per slice holding some.
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(seg_path.c_str()).good());
  const Uint8* bits = nullptr;
  unsigned long bytes = 0;
  ASSERT_TRUE(file.getDataset()->findAndGetUint8Array(DCM_PixelData, bits, &bytes).good());
  size_t set = 0;
  for (unsigned long b = 0; b < bytes; ++b) set += static_cast<size_t>(std::popcount(bits[b]));

  auto series = dicom::ReadDicomSeries(dir_ / "site-b-001" / "ct");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  auto mask = dicom::ReadRtStructMask(dir_ / "site-b-001" / "rtstruct.dcm", "GTV", series->image.grid, &*series);
  ASSERT_TRUE(mask.ok()) << mask.status().ToString();
  size_t voxels = 0, slices = 0;
  const int64_t per_slice = series->image.grid.size[0] * series->image.grid.size[1];
  for (int64_t k = 0; k < series->image.grid.size[2]; ++k) {
    size_t in_slice = 0;
    for (int64_t v = 0; v < per_slice; ++v) in_slice += mask->voxels[static_cast<size_t>(k * per_slice + v)];
    voxels += in_slice;
    slices += in_slice > 0;
  }
  EXPECT_GT(voxels, 0u);

  // radfed's own SEG reader places every frame back on the CT grid: the RTSTRUCT's voxels exactly.
  auto read_back = dicom::ReadSegMask(seg_path, "GTV", series->image.grid);
  ASSERT_TRUE(read_back.ok()) << read_back.status().ToString();
  EXPECT_EQ(read_back->voxels, mask->voxels);
  EXPECT_EQ(set, voxels);
  EXPECT_EQ(seg->getNumberOfFrames(), slices);
  EXPECT_EQ(bytes, ((slices * static_cast<size_t>(per_slice) + 7) / 8 + 1) / 2 * 2);
}

TEST_F(SegWriterTest, AnEmptyMaskIsRefused) {
  const Patient patient{};
  imaging::Grid grid;
  grid.size = {4, 4, 2};
  const SegmentationSource source{&patient, "1.2", "1.3", "1.4", {"1.5", "1.6"}, 1};
  const Status s = WriteBinarySegmentation(dir_ / "empty.dcm", imaging::Mask(grid), "GTV", source);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("empty"), std::string::npos);
}

}  // namespace
}  // namespace radfed::synthetic
