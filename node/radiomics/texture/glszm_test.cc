#include "node/radiomics/texture/glszm.h"

#include <gtest/gtest.h>

#include <cmath>

#include "node/radiomics/testing/ibsi_reference.h"
#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

ExtractionParams AllDimensions() {
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D,
                               TextureDimension::k3D};
  return params;
}

// The volume of zones_test.cc: in 2D a zone (1, size 2) and a zone (2, size 4) in slice 0 and a
// zone (1, size 1) in slice 1; in 3D the 1s join into one zone of size 3.
TextureInput CornerVolume() {
  return texture_testing::MakeInput({3, 3, 2},
                                    {1, 0, 2, 0, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
}

TEST(GlszmTest, SliceMatricesCountZonesBySize) {
  const auto slices = BuildGlszm(CornerVolume(), ExtractionParams{}, /*slice_wise=*/true);
  ASSERT_EQ(slices.size(), 2u);
  EXPECT_EQ(slices[0].total(), 2);
  EXPECT_EQ(slices[0].At(1, 2), 1);
  EXPECT_EQ(slices[0].At(2, 4), 1);
  EXPECT_EQ(slices[0].num_voxels(), 6);
  EXPECT_EQ(slices[1].total(), 1);
  EXPECT_EQ(slices[1].At(1, 1), 1);
  EXPECT_EQ(slices[1].num_voxels(), 1);
}

TEST(GlszmTest, VolumeMatrixAndFeatures) {
  const auto volume = BuildGlszm(CornerVolume(), ExtractionParams{}, /*slice_wise=*/false);
  ASSERT_EQ(volume.size(), 1u);
  EXPECT_EQ(volume[0].total(), 2);
  EXPECT_EQ(volume[0].At(1, 3), 1);
  EXPECT_EQ(volume[0].At(2, 4), 1);

  FeatureList features;
  ComputeGlszmFeatures(CornerVolume(), ExtractionParams{}, features);  // 3D only by default
  ASSERT_EQ(features.size(), 16u);
  EXPECT_EQ(features[0].family, "Grey level size zone based features");
  EXPECT_EQ(features[0].feature, "Small zone emphasis");
  EXPECT_EQ(features[0].ibsi_id, "5QRC");
  EXPECT_EQ(features[0].aggregation, "3D");
  EXPECT_DOUBLE_EQ(features[0].value, (1.0 / 9 + 1.0 / 16) / 2);
  EXPECT_EQ(features[12].feature, "Zone percentage");
  EXPECT_DOUBLE_EQ(features[12].value, 2.0 / 7);
  EXPECT_EQ(features[15].feature, "Zone size entropy");
  EXPECT_DOUBLE_EQ(features[15].value, 1.0);
}

TEST(GlszmTest, TwoDimensionalAveragesSlicesAndTwoPointFiveMerges) {
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D};
  FeatureList features;
  ComputeGlszmFeatures(CornerVolume(), params, features);
  ASSERT_EQ(features.size(), 32u);
  // Large zone emphasis: slice 0 (4 + 16) / 2 = 10, slice 1 1; merged (4 + 16 + 1) / 3 = 7.
  EXPECT_EQ(features[1].aggregation, "2D");
  EXPECT_DOUBLE_EQ(features[1].value, (10 + 1) / 2.0);
  EXPECT_EQ(features[17].aggregation, "2.5D");
  EXPECT_DOUBLE_EQ(features[17].value, 7);
}

TEST(GlszmTest, RoiWithoutVoxelsGivesUndefinedFeatures) {
  // A mask whose voxels were all re-segmented away: every feature exists and is NaN.
  const TextureInput input = texture_testing::MakeInput({2, 1, 2}, {0, 0, 0, 0});
  FeatureList features;
  ComputeGlszmFeatures(input, AllDimensions(), features);
  ASSERT_EQ(features.size(), 48u);
  for (const auto& f : features) EXPECT_TRUE(std::isnan(f.value)) << f.feature;
}

TEST(GlszmTest, DigitalPhantomMatchesIbsiReferences) {
  const TextureInput input = MakeTextureInput(testing::DigitalPhantomRoi());
  FeatureList features;
  ComputeGlszmFeatures(input, AllDimensions(), features);
  EXPECT_EQ(features.size(), 48u);
  EXPECT_EQ(testing::ExpectMatchesReferences(features, "digital_phantom", "Grey level size zone"),
            48);
}

}  // namespace
}  // namespace radfed::radiomics
