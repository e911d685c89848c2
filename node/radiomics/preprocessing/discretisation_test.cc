#include "node/radiomics/preprocessing/discretisation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

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

// The message of a failed result, "" when it succeeded.
template <typename T>
std::string ErrorOf(const Result<T>& result) {
  return result.ok() ? "" : result.status().message();
}

TEST(DiscretiseTest, RefusesNonFiniteIntensitiesInTheRoi) {
  // One inf voxel once made every level an out-of-range integer (crashes in GLCM, GLRLM, NGTDM).
  const std::vector<float> x{1, 2, INFINITY, 4};
  for (const DiscretisationParams& p :
       {FixedBinNumber(8), FixedBinSize(1), DiscretisationParams{}}) {
    const std::string error = ErrorOf(Discretise(x, {1, 1, 1, 1}, p, std::nullopt, "texture"));
    EXPECT_TRUE(error.starts_with("texture discretisation: the ROI holds non-finite intensities"))
        << error;
  }
  EXPECT_NE(ErrorOf(Discretise({1, NAN}, {1, 1}, FixedBinNumber(8), std::nullopt, "histogram"))
                .find("non-finite"),
            std::string::npos);
  // Outside the intensity mask (e.g. re-segmented away) they do not matter.
  EXPECT_TRUE(Discretise(x, {1, 1, 0, 1}, FixedBinNumber(8), std::nullopt, "texture").ok());
}

TEST(DiscretiseTest, RefusesMoreGreyLevelsThanTheBound) {
  // Bin widths of 1e-6 and 1e-300 once aborted on bad_alloc and crashed on int overflow.
  const std::vector<float> x{0, 600, 1200};
  const std::vector<uint8_t> m(3, 1);
  EXPECT_EQ(ErrorOf(Discretise(x, m, FixedBinSize(1e-6), std::nullopt, "texture")),
            "texture discretisation: bin width 1e-06 over the intensities 0 to 1200 gives "
            "1200000001 grey levels, more than 65536; choose a wider bin_width or "
            "fixed_bin_number");
  EXPECT_NE(ErrorOf(Discretise(x, m, FixedBinSize(1e-300), std::nullopt, "histogram"))
                .find("histogram discretisation: bin width 1e-300"),
            std::string::npos);
  // Huge intensities (a rescale slope of 1e30) at an ordinary bin width.
  EXPECT_NE(ErrorOf(Discretise({0, 1e30f}, {1, 1}, FixedBinSize(25), std::nullopt, "texture"))
                .find("more than 65536"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Discretise({1, 70000}, {1, 1}, {}, std::nullopt, "texture"))
                .find("'none' with intensities up to 70000"),
            std::string::npos);
  EXPECT_FALSE(
      Discretise({1}, {1}, FixedBinNumber(kMaxGreyLevels + 1), std::nullopt, "texture").ok());
  // The bound itself is allowed.
  auto widest =
      Discretise({0, kMaxGreyLevels - 1}, {1, 1}, FixedBinSize(1), std::nullopt, "texture");
  ASSERT_TRUE(widest.ok()) << widest.status().ToString();
  EXPECT_EQ(widest->num_levels, kMaxGreyLevels);
}

TEST(IvhInputTest, RefusesNonFiniteIntensitiesAndTooManySteps) {
  EXPECT_NE(ErrorOf(MakeIvhInput({1, INFINITY}, {1, 1}, {}, std::nullopt, std::nullopt))
                .find("IVH discretisation: the ROI holds non-finite intensities"),
            std::string::npos);
  // A re-segmentation range of [-1000, 1e10] once took 30 s and 3 GB before aborting.
  EXPECT_EQ(ErrorOf(MakeIvhInput({0, 40}, {1, 1}, FixedBinSize(25), -1000.0, 1e10)),
            "IVH discretisation: bin width 25 over the intensities -1000 (re-segmentation min) to "
            "1e+10 (re-segmentation max) gives 400000040 grey levels, more than 65536; "
            "narrow the re-segmentation range or choose a wider bin_width");
  EXPECT_NE(ErrorOf(MakeIvhInput({0, 40}, {1, 1}, {}, -1000.0, 1e10))
                .find("'none' with integer intensities (step 1)"),
            std::string::npos);
  EXPECT_FALSE(MakeIvhInput({0, 40}, {1, 1}, FixedBinSize(1e-9), std::nullopt, std::nullopt).ok());
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
