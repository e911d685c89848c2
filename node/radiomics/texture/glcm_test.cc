#include "node/radiomics/texture/glcm.h"

#include <gtest/gtest.h>

#include "node/radiomics/testing/ibsi_reference.h"
#include "node/radiomics/texture/aggregation.h"
#include "node/radiomics/texture/padded_grey.h"
#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

using texture_testing::MakeInput;
using texture_testing::ValueOf;

ExtractionParams AllDimensions() {
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D,
                               TextureDimension::k3D};
  return params;
}

TEST(GlcmTest, DigitalPhantomMatchesIbsiReferences) {
  const TextureInput input = MakeTextureInput(testing::DigitalPhantomRoi());
  FeatureList features;
  ComputeGlcmFeatures(input, AllDimensions(), features);
  EXPECT_EQ(features.size(), 25u * 6u);
  EXPECT_EQ(
      testing::ExpectMatchesReferences(features, "digital_phantom", "Grey level co-occurrence"),
      25 * 6);
}

// Row 1 2 2: pairs (1,2) and (2,2) along i only, so the symmetric matrix is
// p12 = p21 = 1/4, p22 = 1/2 and the other 12 directions have no pairs.
TEST(GlcmTest, HandDerivedRow) {
  const TextureInput input = MakeInput({3, 1, 1}, {1, 2, 2});
  FeatureList features;
  ComputeGlcmFeatures(input, ExtractionParams{}, features);
  for (auto aggregation : {kAggregation3DMerged, kAggregation3DAveraged}) {
    EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", aggregation), 0.5);
    EXPECT_DOUBLE_EQ(ValueOf(features, "60VM", aggregation), 1.75);
    EXPECT_DOUBLE_EQ(ValueOf(features, "ACUI", aggregation), 0.5);
    EXPECT_DOUBLE_EQ(ValueOf(features, "8ZQL", aggregation), 0.375);
    EXPECT_DOUBLE_EQ(ValueOf(features, "TU9B", aggregation), 1.5);
    EXPECT_DOUBLE_EQ(ValueOf(features, "QWB0", aggregation), 2 * 0.25 * 2 + 0.5 * 4);
    EXPECT_DOUBLE_EQ(ValueOf(features, "E8JP", aggregation), 0.5);  // p_{x-y}(1) / 1^2
  }
}

// Two 2x1 slices, (1 2) over (1 1). In-plane only direction (1,0,0) has pairs:
// slice 0 gives p12 = p21 = 1/2, slice 1 gives p11 = 1. Across slices, (0,0,1) pairs 1-1 and
// 2-1, (1,0,1) pairs 1-1, (1,0,-1) pairs 1-2.
TEST(GlcmTest, HandDerivedAggregations) {
  const TextureInput input = MakeInput({2, 1, 2}, {1, 2, 1, 1});
  FeatureList features;
  ComputeGlcmFeatures(input, AllDimensions(), features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation2DAveraged), 0.75);
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation2DSliceMerged), 0.75);
  EXPECT_DOUBLE_EQ(ValueOf(features, "ACUI", kAggregation2DAveraged), 0.5);
  // Merged over slices: p11 = 1/2, p12 = p21 = 1/4.
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation2_5DMerged), 0.5);
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation2_5DDirectionMerged), 0.5);
  EXPECT_DOUBLE_EQ(ValueOf(features, "ACUI", kAggregation2_5DMerged), 0.5);
  // 3D directions: (1,0,0) and (0,0,1) as 2.5D merged, (1,0,1) p11 = 1, (1,0,-1) p12 = p21 = 1/2.
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation3DAveraged), (0.5 + 0.5 + 1 + 0.5) / 4);
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation3DMerged), 0.5);
  EXPECT_DOUBLE_EQ(ValueOf(features, "ACUI", kAggregation3DMerged), 0.5);
}

TEST(GlcmTest, DistanceSkipsNearerNeighbours) {
  const TextureInput input = MakeInput({3, 1, 1}, {1, 2, 3});
  ExtractionParams params;
  params.glcm_distance = 2;
  FeatureList features;
  ComputeGlcmFeatures(input, params, features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "ACUI", kAggregation3DMerged), 4.0);  // only pair 1-3
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation3DMerged), 0.5);
}

// The frame around a thin ROI is no thicker than the ROI on each axis (a 512x512x1 slice at
// distance 100 once took a 712x712x201 volume); steps beyond it are known to leave the box.
TEST(PaddedGreyTest, FrameIsAtMostTheBoxOnEachAxis) {
  const PaddedGrey grey(MakeInput({3, 1, 1}, {1, 2, 3}), 100);
  EXPECT_TRUE(grey.Frames({1, 0, 0}, 3));
  EXPECT_FALSE(grey.Frames({1, 0, 0}, 4));
  EXPECT_TRUE(grey.Frames({0, 1, 0}, 1));
  EXPECT_FALSE(grey.Frames({0, 1, 1}, 2));
  // A step into the frame reads "outside the mask".
  EXPECT_EQ(grey[grey.Offset(2, 0, 0) + 3 * grey.Step({1, 0, 0})], 0);
  EXPECT_EQ(grey[grey.Offset(0, 0, 0) - grey.Step({0, 0, 1})], 0);
}

// 2 x 4 voxels at distance 3: no pairs along i (2 voxels) or the diagonals, only along j:
// (1 at j=0, 2 at j=3) and (2, 2), so p12 = p21 = 1/4 and p22 = 1/2 as in HandDerivedRow.
TEST(GlcmTest, DistanceBeyondOneAxisLeavesThePairsAlongTheOthers) {
  const TextureInput input = MakeInput({2, 4, 1}, {1, 2, 1, 1, 1, 1, 2, 2});
  ExtractionParams params;
  params.glcm_distance = 3;
  FeatureList features;
  ComputeGlcmFeatures(input, params, features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation3DMerged), 0.5);
  EXPECT_DOUBLE_EQ(ValueOf(features, "ACUI", kAggregation3DMerged), 0.5);
  params.glcm_distance = kMaxTextureDistance;  // no pairs at all: every feature undefined
  FeatureList none;
  ComputeGlcmFeatures(input, params, none);
  EXPECT_TRUE(std::isnan(ValueOf(none, "GYBY", kAggregation3DMerged)));
}

TEST(GlcmTest, SingleLevelLeavesCorrelationUndefined) {
  const TextureInput input = MakeInput({2, 2, 1}, {3, 3, 3, 3});
  FeatureList features;
  ComputeGlcmFeatures(input, ExtractionParams{}, features);
  EXPECT_TRUE(std::isnan(ValueOf(features, "NI2N", kAggregation3DMerged)));
  EXPECT_DOUBLE_EQ(ValueOf(features, "GYBY", kAggregation3DMerged), 1.0);
  EXPECT_DOUBLE_EQ(ValueOf(features, "1QCO", kAggregation3DMerged), 1.0);
}

}  // namespace
}  // namespace radfed::radiomics
