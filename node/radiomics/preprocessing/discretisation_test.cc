#include "node/radiomics/preprocessing/discretisation.h"

#include <gtest/gtest.h>

namespace radfed::radiomics {
namespace {

DiscretisationParams FixedBinSize(double width) {
  return {DiscretisationMethod::kFixedBinSize, width, 0};
}
DiscretisationParams FixedBinNumber(int bins) {
  return {DiscretisationMethod::kFixedBinNumber, 0, bins};
}

TEST(DiscretiseTest, FixedBinSizeStartsAtTheRoiMinimumWithoutRange) {
  const std::vector<float> x{-3, 2, 7, 8, 100};
  const std::vector<uint8_t> m{1, 1, 1, 1, 0};
  auto d = Discretise(x, m, FixedBinSize(5), std::nullopt, "texture");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  // (x + 3) / 5: 0 -> 1, 1 -> 2, 2 -> 3 (the edge 7 opens bin 3), 2.2 -> 3; unmasked -> 0.
  EXPECT_EQ(d->levels, (std::vector<int32_t>{1, 2, 3, 3, 0}));
  EXPECT_EQ(d->num_levels, 3);
}

TEST(DiscretiseTest, FixedBinSizeStartsAtTheResegmentationMinimum) {
  const std::vector<float> x{-500, -476, -475, 0, 399.9f};
  const std::vector<uint8_t> m(5, 1);
  auto d = Discretise(x, m, FixedBinSize(25), -500.0, "texture");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->levels, (std::vector<int32_t>{1, 1, 2, 21, 36}));
  EXPECT_EQ(d->num_levels, 36);
  // The bins do not move with the ROI: the same voxels without -500 keep their levels.
  auto shifted = Discretise({-476, -475}, {1, 1}, FixedBinSize(25), -500.0, "texture");
  ASSERT_TRUE(shifted.ok());
  EXPECT_EQ(shifted->levels, (std::vector<int32_t>{1, 2}));
}

TEST(DiscretiseTest, FixedBinNumberPutsTheMaximumInTheLastBin) {
  const std::vector<float> x{0, 0.49f, 0.5f, 0.99f, 1, 5};
  const std::vector<uint8_t> m{1, 1, 1, 1, 1, 0};
  auto d = Discretise(x, m, FixedBinNumber(2), std::nullopt, "histogram");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->levels, (std::vector<int32_t>{1, 1, 2, 2, 2, 0}));
  EXPECT_EQ(d->num_levels, 2);
}

TEST(DiscretiseTest, FixedBinNumberOfAConstantRoiIsOneLevel) {
  auto d = Discretise({4, 4, 4}, {1, 1, 1}, FixedBinNumber(32), std::nullopt, "texture");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->levels, (std::vector<int32_t>{1, 1, 1}));
  EXPECT_EQ(d->num_levels, 1);
}

TEST(DiscretiseTest, FixedBinNumberSpreadsEvenly) {
  std::vector<float> x;
  for (int i = 0; i <= 32; ++i) x.push_back(static_cast<float>(i));
  auto d =
      Discretise(x, std::vector<uint8_t>(x.size(), 1), FixedBinNumber(32), std::nullopt, "texture");
  ASSERT_TRUE(d.ok());
  for (int i = 0; i < 32; ++i) EXPECT_EQ(d->levels[static_cast<size_t>(i)], i + 1);
  EXPECT_EQ(d->levels[32], 32);
}

TEST(DiscretiseTest, NoneUsesIntegerIntensitiesAsLevels) {
  auto d = Discretise({1, 3, 6, 9}, {1, 1, 1, 0}, {}, std::nullopt, "texture");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->levels, (std::vector<int32_t>{1, 3, 6, 0}));
  EXPECT_EQ(d->num_levels, 6);
}

TEST(DiscretiseTest, NoneRejectsIntensitiesThatCannotBeLevels) {
  auto negative = Discretise({-100, 40}, {1, 1}, {}, std::nullopt, "texture");
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(negative.status().message().find("texture"), std::string::npos);
  EXPECT_FALSE(Discretise({1.5f, 2}, {1, 1}, {}, std::nullopt, "texture").ok());
}

TEST(DiscretiseTest, RejectsBadSettingsAndEmptyRois) {
  EXPECT_FALSE(Discretise({1}, {1}, FixedBinSize(0), std::nullopt, "texture").ok());
  EXPECT_FALSE(Discretise({1}, {1}, FixedBinNumber(0), std::nullopt, "texture").ok());
  EXPECT_FALSE(Discretise({1}, {0}, FixedBinNumber(8), std::nullopt, "texture").ok());
  // Fixed bin size below its declared start would give levels < 1.
  EXPECT_FALSE(Discretise({-600}, {1}, FixedBinSize(25), -500.0, "texture").ok());
}

TEST(IvhInputTest, IntegerIntensitiesWithoutDiscretisationUseTheResegmentationRange) {
  auto ivh = MakeIvhInput({-20, 3, 7, 50}, {0, 1, 1, 1}, {}, -10.0, 100.0);
  ASSERT_TRUE(ivh.ok());
  EXPECT_EQ(ivh->values, (std::vector<double>{3, 7, 50}));
  EXPECT_EQ(ivh->lowest, -10);
  EXPECT_EQ(ivh->highest, 100);
  EXPECT_EQ(ivh->step, 1);
}

TEST(IvhInputTest, MissingBoundsFallBackToTheRoi) {
  auto ivh = MakeIvhInput({1, 3, 4, 6}, {1, 1, 1, 1}, {}, std::nullopt, std::nullopt);
  ASSERT_TRUE(ivh.ok());
  EXPECT_EQ(ivh->lowest, 1);
  EXPECT_EQ(ivh->highest, 6);
  EXPECT_EQ(ivh->step, 1);
  auto half_open = MakeIvhInput({1, 3, 4, 6}, {1, 1, 1, 1}, {}, 0.0, std::nullopt);
  ASSERT_TRUE(half_open.ok());
  EXPECT_EQ(half_open->lowest, 0);
  EXPECT_EQ(half_open->highest, 6);
}

TEST(IvhInputTest, ContinuousIntensitiesWithoutDiscretisationUseAThousandSteps) {
  auto ivh = MakeIvhInput({0.5f, 1.25f, 2.5f}, {1, 1, 1}, {}, std::nullopt, std::nullopt);
  ASSERT_TRUE(ivh.ok());
  EXPECT_EQ(ivh->values, (std::vector<double>{0.5, 1.25, 2.5}));
  EXPECT_EQ(ivh->lowest, 0.5);
  EXPECT_EQ(ivh->highest, 2.5);
  EXPECT_DOUBLE_EQ(ivh->step, 2.0 / 999);
}

TEST(IvhInputTest, FixedBinSizeGivesBinCentres) {
  // IBSI config C: range [-1000, 400], bin width 2.5.
  auto ivh = MakeIvhInput({-1000, -998, -997.5f, 0, 400}, {1, 1, 1, 1, 1}, FixedBinSize(2.5),
                          -1000.0, 400.0);
  ASSERT_TRUE(ivh.ok());
  EXPECT_EQ(ivh->values, (std::vector<double>{-998.75, -998.75, -996.25, 1.25, 401.25}));
  EXPECT_EQ(ivh->lowest, -998.75);
  EXPECT_EQ(ivh->highest, 398.75);
  EXPECT_EQ(ivh->step, 2.5);
}

TEST(IvhInputTest, FixedBinNumberGivesBinNumbers) {
  auto ivh = MakeIvhInput({10, 15, 20}, {1, 1, 1}, FixedBinNumber(4), std::nullopt, std::nullopt);
  ASSERT_TRUE(ivh.ok());
  EXPECT_EQ(ivh->values, (std::vector<double>{1, 3, 4}));
  EXPECT_EQ(ivh->lowest, 1);
  EXPECT_EQ(ivh->highest, 4);
  EXPECT_EQ(ivh->step, 1);
}

}  // namespace
}  // namespace radfed::radiomics
