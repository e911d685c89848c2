#include "node/radiomics/intensity/intensity_statistics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "node/radiomics/intensity/sample_statistics.h"
#include "node/radiomics/intensity/test_roi.h"
#include "node/radiomics/testing/ibsi_reference.h"

namespace radfed::radiomics {
namespace {

using testing::MakeRoi;
using testing::ValueOf;

TEST(IntensityStatistics, DigitalPhantomMatchesIbsi) {
  FeatureList features;
  ComputeIntensityStatisticsFeatures(testing::DigitalPhantomRoi(), features);
  EXPECT_EQ(features.size(), 18u);
  EXPECT_EQ(testing::ExpectMatchesReferences(features, "digital_phantom", "Intensity-based"), 18);
}

TEST(IntensityStatistics, PercentilesInterpolateBetweenOrderStatistics) {
  const std::vector<double> sorted{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(Percentile(sorted, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 0.1), 1.3);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 1.0), 4.0);
}

// A 2x2x1 ROI with intensities 1, 2, 3, 4 and one masked-out voxel of 100 beside it.
TEST(IntensityStatistics, HandDerivedValues) {
  FeatureList f;
  ComputeIntensityStatisticsFeatures(
      MakeRoi({5, 1, 1}, {1, 1, 1}, {1, 2, 100, 3, 4}, {1, 1, 0, 1, 1}), f);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Mean intensity"), 2.5);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity variance"), 1.25);
  EXPECT_NEAR(ValueOf(f, "Intensity skewness"), 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(ValueOf(f, "(Excess) intensity kurtosis"), 2.5625 / (1.25 * 1.25) - 3);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Median intensity"), 2.5);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Minimum intensity"), 1.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "10th intensity percentile"), 1.3);
  EXPECT_DOUBLE_EQ(ValueOf(f, "90th intensity percentile"), 3.7);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Maximum intensity"), 4.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity interquartile range"), 1.5);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity range"), 3.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity-based mean absolute deviation"), 1.0);
  // Only 2 and 3 lie within [P10, P90] = [1.3, 3.7].
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity-based robust mean absolute deviation"), 0.5);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity-based median absolute deviation"), 1.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity-based coefficient of variation"), std::sqrt(1.25) / 2.5);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity-based quartile coefficient of dispersion"), 0.3);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity-based energy"), 30.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Root mean square intensity"), std::sqrt(7.5));
}

TEST(IntensityStatistics, ConstantIntensityHasUndefinedShapeMoments) {
  FeatureList f;
  ComputeIntensityStatisticsFeatures(MakeRoi({2, 1, 1}, {1, 1, 1}, {5, 5}), f);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity variance"), 0.0);
  EXPECT_TRUE(std::isnan(ValueOf(f, "Intensity skewness")));
  EXPECT_TRUE(std::isnan(ValueOf(f, "(Excess) intensity kurtosis")));
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity-based robust mean absolute deviation"), 0.0);
}

}  // namespace
}  // namespace radfed::radiomics
