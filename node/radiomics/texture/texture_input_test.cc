#include "node/radiomics/texture/texture_input.h"

#include <gtest/gtest.h>

#include "node/radiomics/testing/ibsi_reference.h"

namespace radfed::radiomics {
namespace {

TEST(TextureInputTest, CropsTheMarginAwayAndKeepsLevels) {
  // A 4x3x2 box whose mask covers (1..2, 1..1, 1..1): one voxel of margin around it.
  ProcessedRoi roi;
  roi.size = {4, 3, 2};
  roi.spacing = {0.5, 0.7, 2.0};
  const size_t n = 24;
  roi.morphological.assign(n, 0);
  roi.texture.levels.assign(n, 0);
  roi.morphological[roi.Offset(1, 1, 1)] = 1;
  roi.morphological[roi.Offset(2, 1, 1)] = 1;
  roi.texture.levels[roi.Offset(1, 1, 1)] = 3;
  roi.texture.levels[roi.Offset(2, 1, 1)] = 0;  // re-segmented away
  roi.texture.num_levels = 3;

  const TextureInput input = MakeTextureInput(roi);
  EXPECT_EQ(input.size, (imaging::Index3{2, 1, 1}));
  EXPECT_EQ(input.spacing, roi.spacing);
  EXPECT_EQ(input.num_levels, 3);
  EXPECT_EQ(input.grey, (std::vector<int32_t>{3, 0}));
  EXPECT_EQ(input.morphological, (std::vector<uint8_t>{1, 1}));
}

TEST(TextureInputTest, EmptyMaskGivesEmptyBox) {
  ProcessedRoi roi;
  roi.size = {2, 2, 1};
  roi.morphological.assign(4, 0);
  roi.texture.levels.assign(4, 0);
  const TextureInput input = MakeTextureInput(roi);
  EXPECT_EQ(input.size, (imaging::Index3{0, 0, 0}));
  EXPECT_TRUE(input.grey.empty());
}

TEST(TextureInputTest, DigitalPhantomKeepsItsMaskBox) {
  const ProcessedRoi roi = testing::DigitalPhantomRoi();
  const TextureInput input = MakeTextureInput(roi);
  EXPECT_EQ(input.num_levels, 6);
  size_t inside = 0;
  for (uint8_t m : input.morphological) inside += m;
  EXPECT_EQ(inside, 74u);  // the phantom ROI has 74 voxels
  EXPECT_EQ(input.grey.size(), input.morphological.size());
}

}  // namespace
}  // namespace radfed::radiomics
