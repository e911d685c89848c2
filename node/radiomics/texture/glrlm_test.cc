#include "node/radiomics/texture/glrlm.h"

#include <gtest/gtest.h>

#include "node/radiomics/testing/ibsi_reference.h"
#include "node/radiomics/texture/aggregation.h"
#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

using texture_testing::MakeInput;
using texture_testing::ValueOf;

TEST(GlrlmTest, DigitalPhantomMatchesIbsiReferences) {
  const TextureInput input = MakeTextureInput(testing::DigitalPhantomRoi());
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D,
                               TextureDimension::k3D};
  FeatureList features;
  ComputeGlrlmFeatures(input, params, features);
  EXPECT_EQ(features.size(), 16u * 6u);
  EXPECT_EQ(testing::ExpectMatchesReferences(features, "digital_phantom", "Grey level run length"),
            16 * 6);
}

// Row 1 1 2: along i, runs (level 1, length 2) and (2, 1); along each of the other 12
// directions every voxel is a run of length 1.
TEST(GlrlmTest, HandDerivedRow) {
  const TextureInput input = MakeInput({3, 1, 1}, {1, 1, 2});
  FeatureList features;
  ComputeGlrlmFeatures(input, ExtractionParams{}, features);
  // Along i: SRE (1/4 + 1) / 2, run percentage 2/3; elsewhere SRE 1, run percentage 1.
  EXPECT_DOUBLE_EQ(ValueOf(features, "22OV", kAggregation3DAveraged), (0.625 + 12) / 13);
  EXPECT_DOUBLE_EQ(ValueOf(features, "9ZK5", kAggregation3DAveraged), (2.0 / 3 + 12) / 13);
  EXPECT_DOUBLE_EQ(ValueOf(features, "W92Y", kAggregation3DAveraged), (1 + 12 * 3.0) / 13);
  // Merged: (1, 2) once, (2, 1) 13 times, (1, 1) 24 times; 38 runs over 3 voxels x 13 directions.
  EXPECT_DOUBLE_EQ(ValueOf(features, "22OV", kAggregation3DMerged), (0.25 + 37) / 38);
  EXPECT_DOUBLE_EQ(ValueOf(features, "W4KF", kAggregation3DMerged), (4 + 37.0) / 38);
  EXPECT_DOUBLE_EQ(ValueOf(features, "9ZK5", kAggregation3DMerged), 38.0 / 39);
  EXPECT_DOUBLE_EQ(ValueOf(features, "V3SW", kAggregation3DMerged), (25 + 13 / 4.0) / 38);
  EXPECT_DOUBLE_EQ(ValueOf(features, "R5YN", kAggregation3DMerged), (25.0 * 25 + 13 * 13) / 38);
  EXPECT_DOUBLE_EQ(ValueOf(features, "IC23", kAggregation3DMerged), (37.0 * 37 + 1) / (38.0 * 38));
}

// Slices (1 1 2) and (2 2 2): along i, slice 0 has runs (1, 2) and (2, 1), slice 1 one run (2, 3);
// the other three in-plane directions give three runs of length 1 per slice.
TEST(GlrlmTest, HandDerivedSliceAggregations) {
  const TextureInput input = MakeInput({3, 1, 2}, {1, 1, 2, 2, 2, 2});
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D};
  FeatureList features;
  ComputeGlrlmFeatures(input, params, features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "22OV", kAggregation2DAveraged),
                   (0.625 + 3 + 1.0 / 9 + 3) / 8);
  EXPECT_DOUBLE_EQ(ValueOf(features, "22OV", kAggregation2DSliceMerged),
                   ((0.25 + 10) / 11 + (1.0 / 9 + 9) / 10) / 2);
  EXPECT_DOUBLE_EQ(ValueOf(features, "22OV", kAggregation2_5DMerged),
                   (0.25 + 10 + 1.0 / 9 + 9) / 21);
  EXPECT_DOUBLE_EQ(ValueOf(features, "9ZK5", kAggregation2_5DMerged), 21.0 / 24);
  // Along i merged over slices: (1, 2), (2, 1), (2, 3): run percentage 3/6; others 6/6.
  EXPECT_DOUBLE_EQ(ValueOf(features, "9ZK5", kAggregation2_5DDirectionMerged), (0.5 + 3) / 4);
}

TEST(GlrlmTest, RunsStopAtTheIntensityMask) {
  // 1 1 0 1: the gap splits the level-1 line into runs of 2 and 1.
  const TextureInput input = MakeInput({4, 1, 1}, {1, 1, 0, 1});
  FeatureList features;
  ComputeGlrlmFeatures(input, ExtractionParams{}, features);
  // Merged: along i (1, 2) and (1, 1); 12 other directions, 3 runs of 1 each.
  EXPECT_DOUBLE_EQ(ValueOf(features, "22OV", kAggregation3DMerged), (0.25 + 37) / 38);
  EXPECT_DOUBLE_EQ(ValueOf(features, "9ZK5", kAggregation3DMerged), 38.0 / 39);
  EXPECT_DOUBLE_EQ(ValueOf(features, "8CE5", kAggregation3DMerged), 0.0);
}

}  // namespace
}  // namespace radfed::radiomics
