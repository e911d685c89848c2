#include "node/radiomics/preprocessing/resegmentation.h"

#include <gtest/gtest.h>

namespace radfed::radiomics {
namespace {

TEST(ResegmentTest, KeepsTheClosedRangeInsideTheMorphologicalMask) {
  ExtractionParams p;
  p.range_min = -500;
  p.range_max = 400;
  const std::vector<float> x{-501, -500, 0, 400, 401, 0};
  const std::vector<uint8_t> morph{1, 1, 1, 1, 1, 0};
  EXPECT_EQ(Resegment(x, morph, p), (std::vector<uint8_t>{0, 1, 1, 1, 0, 0}));
}

TEST(ResegmentTest, MissingBoundsAreOpen) {
  ExtractionParams p;
  p.range_min = 0;
  EXPECT_EQ(Resegment({-1, 0, 1e6f}, {1, 1, 1}, p), (std::vector<uint8_t>{0, 1, 1}));
  EXPECT_EQ(Resegment({-1, 0, 1e6f}, {1, 0, 1}, ExtractionParams{}),
            (std::vector<uint8_t>{1, 0, 1}));
}

TEST(ResegmentTest, OutlierFilteringUsesWhatTheRangeLeft) {
  // Ten voxels at 0 and 10 alternating (mean 5, SD 5) and one at 1000 that the range removes
  // first; with k = 1 all ten stay (|x - 5| = 5 <= 5); a voxel at 30 would not.
  std::vector<float> x;
  for (int i = 0; i < 10; ++i) x.push_back(i % 2 ? 10.0f : 0.0f);
  x.push_back(1000);
  ExtractionParams p;
  p.range_max = 500;
  p.outlier_sd = 1;
  std::vector<uint8_t> expected(10, 1);
  expected.push_back(0);
  EXPECT_EQ(Resegment(x, std::vector<uint8_t>(11, 1), p), expected);

  // 9 voxels at 0 and one at 30: mean 3, SD 9; with k = 2 the limit is 3 +- 18, so 30 goes.
  std::vector<float> y(9, 0.0f);
  y.push_back(30);
  p.outlier_sd = 2;
  std::vector<uint8_t> kept(9, 1);
  kept.push_back(0);
  EXPECT_EQ(Resegment(y, std::vector<uint8_t>(10, 1), p), kept);
}

}  // namespace
}  // namespace radfed::radiomics
