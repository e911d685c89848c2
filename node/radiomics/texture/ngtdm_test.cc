#include "node/radiomics/texture/ngtdm.h"

#include <gtest/gtest.h>

#include "node/radiomics/testing/ibsi_reference.h"
#include "node/radiomics/texture/aggregation.h"
#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

using texture_testing::MakeInput;
using texture_testing::ValueOf;

TEST(NgtdmTest, DigitalPhantomMatchesIbsiReferences) {
  const TextureInput input = MakeTextureInput(testing::DigitalPhantomRoi());
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D,
                               TextureDimension::k3D};
  FeatureList features;
  ComputeNgtdmFeatures(input, params, features);
  EXPECT_EQ(features.size(), 5u * 3u);
  EXPECT_EQ(
      testing::ExpectMatchesReferences(features, "digital_phantom", "Neighbourhood grey tone"),
      5 * 3);
}

// Row 1 2 3: neighbourhood means 2, 2, 2, so n = (1, 1, 1), p = 1/3 each, s = (1, 0, 1).
TEST(NgtdmTest, HandDerivedRow) {
  const TextureInput input = MakeInput({3, 1, 1}, {1, 2, 3});
  FeatureList features;
  ComputeNgtdmFeatures(input, ExtractionParams{}, features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "QCDE", kAggregation3D), 1.5);
  EXPECT_DOUBLE_EQ(ValueOf(features, "65HE", kAggregation3D), 4.0 / 27);
  EXPECT_DOUBLE_EQ(ValueOf(features, "NQ30", kAggregation3D), 0.25);
  EXPECT_DOUBLE_EQ(ValueOf(features, "HDEZ", kAggregation3D), 2.0);
  EXPECT_DOUBLE_EQ(ValueOf(features, "1X9X", kAggregation3D), 4.0);
}

// Row 1 2 _ 3 3 with a voxel outside the intensity mask: it is no neighbour, so level 2 sees only
// level 1 and the 3s only each other. n = (1, 1, 2), s = (1, 1, 0), N_v,c = 4.
TEST(NgtdmTest, NeighboursOutsideTheMaskAreExcluded) {
  const TextureInput input = MakeInput({5, 1, 1}, {1, 2, 0, 3, 3});
  FeatureList features;
  ComputeNgtdmFeatures(input, ExtractionParams{}, features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "QCDE", kAggregation3D), 2.0);
  EXPECT_DOUBLE_EQ(ValueOf(features, "1X9X", kAggregation3D), 4.25);
}

TEST(NgtdmTest, VoxelsWithoutNeighboursAreLeftOut) {
  const TextureInput input = MakeInput({3, 1, 1}, {1, 0, 3});
  FeatureList features;
  ComputeNgtdmFeatures(input, ExtractionParams{}, features);
  EXPECT_TRUE(std::isnan(ValueOf(features, "QCDE", kAggregation3D)));
}

// Slices (1 2 3) and (1 1 1): the uniform slice has no grey tone differences, so its coarseness
// is undefined and 2D keeps slice 0's 1.5; merged, n = (4, 1, 1), s = (1, 0, 1).
TEST(NgtdmTest, HandDerivedSliceAggregations) {
  const TextureInput input = MakeInput({3, 1, 2}, {1, 2, 3, 1, 1, 1});
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D};
  FeatureList features;
  ComputeNgtdmFeatures(input, params, features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "QCDE", kAggregation2D), 1.5);
  EXPECT_DOUBLE_EQ(ValueOf(features, "QCDE", kAggregation2_5D), 1.2);
}

}  // namespace
}  // namespace radfed::radiomics
