#include "node/radiomics/intensity/intensity_histogram.h"

#include <gtest/gtest.h>

#include <cmath>

#include "node/radiomics/intensity/test_roi.h"
#include "node/radiomics/testing/ibsi_reference.h"

namespace radfed::radiomics {
namespace {

using testing::MakeRoi;
using testing::ValueOf;

TEST(IntensityHistogram, DigitalPhantomMatchesIbsi) {
  FeatureList features;
  ComputeIntensityHistogramFeatures(testing::DigitalPhantomRoi(), features);
  EXPECT_EQ(features.size(), 23u);
  EXPECT_EQ(testing::ExpectMatchesReferences(features, "digital_phantom", "Intensity histogram"),
            23);
}

// Levels 1, 1, 3, 4 (level 2 empty): counts 2, 0, 1, 1.
TEST(IntensityHistogram, HandDerivedValues) {
  FeatureList f;
  ComputeIntensityHistogramFeatures(MakeRoi({2, 2, 1}, {1, 1, 1}, {1, 1, 3, 4}), f);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Mean discretised intensity"), 2.25);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Discretised intensity variance"), 1.6875);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Median discretised intensity"), 2.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity histogram mode"), 1.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Discretised intensity entropy"), 1.5);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Discretised intensity uniformity"), 0.375);
  // Gradients: H(2) - H(1) = -2, (H(3) - H(1)) / 2 = -0.5, (H(4) - H(2)) / 2 = 0.5, H(4) - H(3) = 0.
  EXPECT_DOUBLE_EQ(ValueOf(f, "Maximum histogram gradient"), 0.5);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Maximum histogram gradient intensity"), 3.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Minimum histogram gradient"), -2.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Minimum histogram gradient intensity"), 1.0);
}

// Levels 1 and 3 are equally frequent; the mean 2.4 is nearer to 3.
TEST(IntensityHistogram, TiedModeNearestTheMean) {
  FeatureList f;
  ComputeIntensityHistogramFeatures(MakeRoi({5, 1, 1}, {1, 1, 1}, {1, 1, 3, 3, 4}), f);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity histogram mode"), 3.0);
}

TEST(IntensityHistogram, OneLevelHasNoGradient) {
  FeatureList f;
  ComputeIntensityHistogramFeatures(MakeRoi({3, 1, 1}, {1, 1, 1}, {1, 1, 1}), f);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Discretised intensity entropy"), 0.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Discretised intensity uniformity"), 1.0);
  EXPECT_TRUE(std::isnan(ValueOf(f, "Maximum histogram gradient")));
}

}  // namespace
}  // namespace radfed::radiomics
