#include "node/radiomics/texture/ngldm.h"

#include <gtest/gtest.h>

#include "node/radiomics/testing/ibsi_reference.h"
#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

// A 3x3x1 box (rows are j):  1 1 2
//                            1 1 0
//                            3 2 2
TextureInput Square() { return texture_testing::MakeInput({3, 3, 1}, {1, 1, 2, 1, 1, 0, 3, 2, 2}); }

TEST(NgldmTest, CountsEqualNeighboursPlusTheVoxelItself) {
  ExtractionParams params;  // distance 1, alpha 0
  const auto m = BuildNgldm(Square(), params, /*slice_wise=*/true);
  ASSERT_EQ(m.size(), 1u);
  // Each 1 has the three other 1s around it; the lone 2 at the top and the 3 have no equal
  // neighbour (the empty voxel does not count); the two bottom 2s see each other.
  EXPECT_EQ(m[0].At(1, 4), 4);
  EXPECT_EQ(m[0].At(2, 1), 1);
  EXPECT_EQ(m[0].At(2, 2), 2);
  EXPECT_EQ(m[0].At(3, 1), 1);
  EXPECT_EQ(m[0].total(), 8);
  EXPECT_EQ(m[0].num_voxels(), 8);
}

TEST(NgldmTest, CoarsenessAlphaAcceptsNearbyLevels) {
  ExtractionParams params;
  params.ngldm_alpha = 1;
  const auto m = BuildNgldm(Square(), params, /*slice_wise=*/true);
  EXPECT_EQ(m[0].At(1, 4), 1);  // (0, 0): its three neighbours are all 1s
  EXPECT_EQ(m[0].At(1, 5), 2);  // (1, 0) and (0, 1)
  EXPECT_EQ(m[0].At(1, 7), 1);  // (1, 1): all but the empty voxel and the 3
  EXPECT_EQ(m[0].At(2, 3), 2);  // (2, 0) and (2, 2)
  EXPECT_EQ(m[0].At(2, 5), 1);  // (1, 2)
  EXPECT_EQ(m[0].At(3, 2), 1);  // (0, 2): only the 2 beside it
  EXPECT_EQ(m[0].total(), 8);
}

TEST(NgldmTest, DistanceWidensTheNeighbourhood) {
  const TextureInput row = texture_testing::MakeInput({5, 1, 1}, {1, 1, 1, 1, 1});
  ExtractionParams params;
  params.ngldm_distance = 2;
  const auto m = BuildNgldm(row, params, /*slice_wise=*/false);
  EXPECT_EQ(m[0].At(1, 3), 2);
  EXPECT_EQ(m[0].At(1, 4), 2);
  EXPECT_EQ(m[0].At(1, 5), 1);
}

// Distance 100 in 3D allows dependence counts up to 201^3; a dense table of those by 60000
// levels once exhausted memory.
TEST(NgldmTest, LargeDistanceAndManyLevelsCostOnlyTheVoxels) {
  const TextureInput pair = texture_testing::MakeInput({2, 1, 1}, {1, 60000});
  ExtractionParams params;
  params.ngldm_distance = kMaxTextureDistance;
  const auto m = BuildNgldm(pair, params, /*slice_wise=*/false);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].At(1, 1), 1);
  EXPECT_EQ(m[0].At(60000, 1), 1);
  EXPECT_EQ(m[0].total(), 2);
}

TEST(NgldmTest, SlicesDoNotSeeEachOtherIn2D) {
  const TextureInput column = texture_testing::MakeInput({1, 1, 3}, {2, 2, 2});
  const auto slices = BuildNgldm(column, ExtractionParams{}, /*slice_wise=*/true);
  ASSERT_EQ(slices.size(), 3u);
  for (const auto& slice : slices) EXPECT_EQ(slice.At(2, 1), 1);
  const auto volume = BuildNgldm(column, ExtractionParams{}, /*slice_wise=*/false);
  EXPECT_EQ(volume[0].At(2, 2), 2);
  EXPECT_EQ(volume[0].At(2, 3), 1);

  FeatureList features;
  ComputeNgldmFeatures(column, ExtractionParams{}, features);
  ASSERT_EQ(features.size(), 17u);
  EXPECT_EQ(features[1].feature, "High dependence emphasis");
  EXPECT_EQ(features[1].ibsi_id, "IMOQ");
  EXPECT_EQ(features[1].aggregation, "3D");
  EXPECT_DOUBLE_EQ(features[1].value, (4 + 4 + 9) / 3.0);
  EXPECT_EQ(features[16].feature, "Dependence count energy");
  EXPECT_DOUBLE_EQ(features[16].value, 4.0 / 9 + 1.0 / 9);
}

TEST(NgldmTest, DigitalPhantomMatchesIbsiReferences) {
  const TextureInput input = MakeTextureInput(testing::DigitalPhantomRoi());
  ExtractionParams params;
  params.texture_dimensions = {TextureDimension::k2D, TextureDimension::k2_5D,
                               TextureDimension::k3D};
  FeatureList features;
  ComputeNgldmFeatures(input, params, features);
  EXPECT_EQ(features.size(), 51u);
  EXPECT_EQ(testing::ExpectMatchesReferences(features, "digital_phantom",
                                             "Neighbouring grey level dependence"),
            51);
}

}  // namespace
}  // namespace radfed::radiomics
