#include "node/imaging/grid.h"

#include <gtest/gtest.h>

#include <limits>

namespace radfed::imaging {
namespace {

Grid Oblique() {
  Grid g;
  g.size = {4, 5, 6};
  g.spacing = {0.5, 0.75, 3.0};
  g.origin = {-10, 20, 5};
  // Axes rotated 90 degrees about z, k axis flipped: a permutation with reflection.
  g.direction = {{{0, 1, 0}, {-1, 0, 0}, {0, 0, -1}}};
  return g;
}

TEST(GridTest, OffsetIsIFastest) {
  Grid g;
  g.size = {3, 4, 5};
  EXPECT_EQ(g.Offset(0, 0, 0), 0);
  EXPECT_EQ(g.Offset(1, 0, 0), 1);
  EXPECT_EQ(g.Offset(0, 1, 0), 3);
  EXPECT_EQ(g.Offset(0, 0, 1), 12);
  EXPECT_EQ(g.voxel_count(), 60);
}

TEST(GridTest, VoxelCountSaturatesInsteadOfOverflowing) {
  Grid g;
  g.size = {4611686018427387905, 4, 1};  // 2^62 + 1: the product wraps to 4
  EXPECT_EQ(g.voxel_count(), std::numeric_limits<int64_t>::max());
  g.size = {int64_t{1} << 31, int64_t{1} << 31, int64_t{1} << 31};
  EXPECT_EQ(g.voxel_count(), std::numeric_limits<int64_t>::max());
}

TEST(GridTest, IndexPhysicalRoundTrip) {
  const Grid g = Oblique();
  const Vec3 p = g.IndexToPhysical({1, 2, 3});
  EXPECT_DOUBLE_EQ(p[0], -10 - 2 * 0.75);
  EXPECT_DOUBLE_EQ(p[1], 20 + 1 * 0.5);
  EXPECT_DOUBLE_EQ(p[2], 5 - 3 * 3.0);
  const Vec3 back = g.PhysicalToIndex(p);
  EXPECT_NEAR(back[0], 1, 1e-12);
  EXPECT_NEAR(back[1], 2, 1e-12);
  EXPECT_NEAR(back[2], 3, 1e-12);
}

TEST(GridTest, SameGeometryDetectsShiftsAndFlips) {
  const Grid g = Oblique();
  EXPECT_TRUE(g.SameGeometry(g));
  Grid shifted = g;
  shifted.origin[2] += 0.01;
  EXPECT_FALSE(shifted.SameGeometry(g));
  Grid flipped = g;
  flipped.direction[2] = {0, 0, 1};
  EXPECT_FALSE(flipped.SameGeometry(g));
  Grid resized = g;
  resized.size[0] = 5;
  EXPECT_FALSE(resized.SameGeometry(g));
}

}  // namespace
}  // namespace radfed::imaging
