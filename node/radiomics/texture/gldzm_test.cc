#include "node/radiomics/texture/gldzm.h"

#include <gtest/gtest.h>

#include "node/radiomics/testing/ibsi_reference.h"
#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

TextureInput FullBox(int64_t sx, int64_t sy, int64_t sz, int32_t level) {
  return texture_testing::MakeInput({sx, sy, sz},
                                    std::vector<int32_t>(static_cast<size_t>(sx * sy * sz), level));
}

TEST(GldzmTest, EdgeDistancesCountFaceStepsToTheOutside) {
  const TextureInput square = FullBox(5, 5, 1, 1);
  const auto in_plane = EdgeDistances(square, /*slice_wise=*/true);
  EXPECT_EQ(in_plane[square.Offset(0, 0, 0)], 1);
  EXPECT_EQ(in_plane[square.Offset(1, 1, 0)], 2);
  EXPECT_EQ(in_plane[square.Offset(2, 1, 0)], 2);
  EXPECT_EQ(in_plane[square.Offset(2, 2, 0)], 3);
  // In 3D the single slice is all border: beyond the box in k is outside.
  const auto volume = EdgeDistances(square, /*slice_wise=*/false);
  EXPECT_EQ(volume[square.Offset(2, 2, 0)], 1);

  const TextureInput cube = FullBox(5, 5, 5, 1);
  const auto cube_distances = EdgeDistances(cube, false);
  EXPECT_EQ(cube_distances[cube.Offset(2, 2, 2)], 3);
  EXPECT_EQ(cube_distances[cube.Offset(1, 2, 2)], 2);
  // (1, 1, 2) is two face steps from the outside, not one diagonal step.
  EXPECT_EQ(cube_distances[cube.Offset(1, 1, 2)], 2);
}

TEST(GldzmTest, EdgeDistancesSeeHolesInTheMorphologicalMask) {
  TextureInput square = FullBox(5, 5, 1, 1);
  square.morphological[square.Offset(2, 2, 0)] = 0;
  const auto d = EdgeDistances(square, true);
  EXPECT_EQ(d[square.Offset(2, 2, 0)], 0);
  EXPECT_EQ(d[square.Offset(2, 1, 0)], 1);
  EXPECT_EQ(d[square.Offset(1, 1, 0)], 2);
}

// A 5x5x1 square: a ring of level 1 around a 3x3 core of level 2, with one ring voxel
// re-segmented away (grey 0) but still in the morphological mask.
TextureInput RingAndCore() {
  TextureInput input = FullBox(5, 5, 1, 1);
  for (int64_t j = 1; j <= 3; ++j) {
    for (int64_t i = 1; i <= 3; ++i) input.grey[input.Offset(i, j, 0)] = 2;
  }
  input.grey[input.Offset(2, 0, 0)] = 0;
  input.num_levels = 2;
  return input;
}

TEST(GldzmTest, ZoneDistanceIsTheSmallestOfItsVoxelsOnTheMorphologicalMask) {
  const TextureInput input = RingAndCore();
  const auto slices = BuildGldzm(input, ExtractionParams{}, /*slice_wise=*/true);
  ASSERT_EQ(slices.size(), 1u);
  // The ring stays one 8-connected zone despite the gap; the core is 2 steps from the edge of
  // the morphological mask (the re-segmented voxel does not make it 1).
  EXPECT_EQ(slices[0].total(), 2);
  EXPECT_EQ(slices[0].At(1, 1), 1);
  EXPECT_EQ(slices[0].At(2, 2), 1);
  EXPECT_EQ(slices[0].num_voxels(), 24);

  const auto volume = BuildGldzm(input, ExtractionParams{}, /*slice_wise=*/false);
  EXPECT_EQ(volume[0].At(2, 1), 1);

  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D};
  FeatureList features;
  ComputeGldzmFeatures(input, params, features);
  ASSERT_EQ(features.size(), 16u);
  EXPECT_EQ(features[1].feature, "Large distance emphasis");
  EXPECT_EQ(features[1].ibsi_id, "MB4I");
  EXPECT_DOUBLE_EQ(features[1].value, (1 + 4) / 2.0);
  EXPECT_EQ(features[14].feature, "Zone distance variance");
  EXPECT_DOUBLE_EQ(features[14].value, 0.25);
  EXPECT_EQ(features[12].feature, "Zone percentage");
  EXPECT_DOUBLE_EQ(features[12].value, 2.0 / 24);
}

TEST(GldzmTest, DigitalPhantomMatchesIbsiReferences) {
  const TextureInput input = MakeTextureInput(testing::DigitalPhantomRoi());
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D,
                               TextureDimension::k3D};
  FeatureList features;
  ComputeGldzmFeatures(input, params, features);
  EXPECT_EQ(features.size(), 48u);
  EXPECT_EQ(
      testing::ExpectMatchesReferences(features, "digital_phantom", "Grey level distance zone"),
      48);
}

}  // namespace
}  // namespace radfed::radiomics
