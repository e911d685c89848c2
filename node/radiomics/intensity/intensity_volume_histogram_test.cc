#include "node/radiomics/intensity/intensity_volume_histogram.h"

#include <gtest/gtest.h>

#include <cmath>

#include "node/radiomics/intensity/test_roi.h"
#include "node/radiomics/testing/ibsi_reference.h"

namespace radfed::radiomics {
namespace {

using testing::MakeRoi;
using testing::ValueOf;

TEST(IntensityVolumeHistogram, DigitalPhantomMatchesIbsi) {
  FeatureList features;
  ComputeIntensityVolumeHistogramFeatures(testing::DigitalPhantomRoi(), features);
  EXPECT_EQ(features.size(), 7u);
  EXPECT_EQ(testing::ExpectMatchesReferences(features, "digital_phantom", "Intensity-volume"), 6);
}

// Values 1..4 on the grid 1..5: volume fractions 1, 0.75, 0.5, 0.25, 0 at intensity fractions
// 0, 0.25, 0.5, 0.75, 1.
TEST(IntensityVolumeHistogram, HandDerivedValues) {
  ProcessedRoi roi = MakeRoi({2, 2, 1}, {1, 1, 1}, {1, 2, 3, 4});
  roi.ivh = {{1, 2, 3, 4}, 1, 5, 1};
  FeatureList f;
  ComputeIntensityVolumeHistogramFeatures(roi, f);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Volume fraction at 10% intensity"), 0.75);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Volume fraction at 90% intensity"), 0.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity at 10% volume"), 5.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity at 90% volume"), 2.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Volume fraction difference between intensity fractions"), 0.75);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity fraction difference between volume fractions"), 3.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Area under the IVH curve"), 0.5);
}

// A grid finer than the values (fixed bin size 2.5 with bin centres as values).
TEST(IntensityVolumeHistogram, FractionalStepGrid) {
  ProcessedRoi roi = MakeRoi({3, 1, 1}, {1, 1, 1}, {0, 0, 0});
  roi.ivh = {{1.25, 6.25, 8.75}, 1.25, 11.25, 2.5};
  FeatureList f;
  ComputeIntensityVolumeHistogramFeatures(roi, f);
  // Grid 1.25, 3.75, ..., 11.25 (gamma step 0.25); nu = 1, 2/3, 2/3, 1/3, 0.
  EXPECT_DOUBLE_EQ(ValueOf(f, "Volume fraction at 10% intensity"), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity at 90% volume"), 3.75);
  EXPECT_DOUBLE_EQ(ValueOf(f, "Intensity at 10% volume"), 11.25);
}

TEST(IntensityVolumeHistogram, EmptyInputGivesNaN) {
  FeatureList f;
  ComputeIntensityVolumeHistogramFeatures(MakeRoi({1, 1, 1}, {1, 1, 1}, {1}, {0}), f);
  EXPECT_TRUE(std::isnan(ValueOf(f, "Volume fraction at 10% intensity")));
  EXPECT_TRUE(std::isnan(ValueOf(f, "Intensity at 10% volume")));
}

}  // namespace
}  // namespace radfed::radiomics
