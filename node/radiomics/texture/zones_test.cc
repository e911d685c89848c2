#include "node/radiomics/texture/zones.h"

#include <gtest/gtest.h>

#include "node/radiomics/texture/texture_test_util.h"

namespace radfed::radiomics {
namespace {

// A 3x3x2 box (rows are j, columns i):
//   slice 0:  1 0 2    slice 1:  0 0 0
//             0 1 2              0 0 0
//             2 2 0              0 0 1
// The two 1s of slice 0 touch diagonally; the 1 of slice 1 touches (1, 1, 0) across the corner.
// The 2s form one chain: (2,0)-(2,1) by a face, (2,1)-(1,2) diagonally, (1,2)-(0,2) by a face.
TextureInput CornerVolume() {
  return texture_testing::MakeInput({3, 3, 2}, {1, 0, 2, 0, 1, 2, 2, 2, 0,    // slice 0
                                                0, 0, 0, 0, 0, 0, 0, 0, 1});  // slice 1
}

TEST(ZonesTest, SliceWiseUsesEightConnectivityAndNeverCrossesSlices) {
  const TextureInput input = CornerVolume();
  const Zones zones = LabelZones(input, /*slice_wise=*/true);
  EXPECT_EQ(zones.level, (std::vector<int32_t>{1, 2, 1}));
  EXPECT_EQ(zones.size, (std::vector<int64_t>{2, 4, 1}));
  EXPECT_EQ(zones.slice, (std::vector<int64_t>{0, 0, 1}));
  EXPECT_EQ(zones.zone_of[input.Offset(1, 1, 0)], 0);
  EXPECT_EQ(zones.zone_of[input.Offset(0, 2, 0)], 1);
  EXPECT_EQ(zones.zone_of[input.Offset(2, 2, 1)], 2);
  EXPECT_EQ(zones.zone_of[input.Offset(1, 0, 0)], -1);
}

TEST(ZonesTest, VolumeUsesTwentySixConnectivity) {
  const TextureInput input = CornerVolume();
  const Zones zones = LabelZones(input, /*slice_wise=*/false);
  EXPECT_EQ(zones.level, (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(zones.size, (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(zones.zone_of[input.Offset(2, 2, 1)], 0);
  EXPECT_EQ(zones.zone_of[input.Offset(2, 1, 0)], 1);
}

TEST(ZonesTest, VoxelsTwoApartOrWithAnotherLevelBetweenAreSeparateZones) {
  // One row: 3 3 0 3 1 3. Outside-mask voxels and other levels both break a zone.
  const TextureInput input = texture_testing::MakeInput({6, 1, 1}, {3, 3, 0, 3, 1, 3});
  for (const bool slice_wise : {true, false}) {
    const Zones zones = LabelZones(input, slice_wise);
    EXPECT_EQ(zones.level, (std::vector<int32_t>{3, 3, 1, 3}));
    EXPECT_EQ(zones.size, (std::vector<int64_t>{2, 1, 1, 1}));
  }
}

TEST(ZonesTest, EmptyBoxHasNoZones) {
  const Zones zones = LabelZones(TextureInput{}, false);
  EXPECT_TRUE(zones.level.empty());
  EXPECT_TRUE(zones.zone_of.empty());
}

}  // namespace
}  // namespace radfed::radiomics
