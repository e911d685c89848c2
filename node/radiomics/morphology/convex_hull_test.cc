#include "node/radiomics/morphology/convex_hull.h"

#include <gtest/gtest.h>

#include <cmath>

namespace radfed::radiomics::morphology {
namespace {

TEST(ConvexHullTest, BoxWithInteriorPoints) {
  std::vector<imaging::Vec3> points;
  for (int c = 0; c < 8; ++c) points.push_back({c & 1 ? 2.0 : 0.0, c & 2 ? 3.0 : 0.0, c & 4 ? 4.0 : 0.0});
  points.push_back({1, 1, 1});
  points.push_back({1.5, 2, 3});
  const auto hull = ComputeConvexHull(points);
  ASSERT_TRUE(hull.ok()) << hull.status().ToString();
  EXPECT_NEAR(hull->volume, 24, 1e-9);
  EXPECT_NEAR(hull->area, 2 * (6 + 8 + 12), 1e-9);
  EXPECT_EQ(hull->vertices.size(), 8u);
  EXPECT_NEAR(MaximumDiameter(hull->vertices), std::sqrt(4 + 9 + 16.0), 1e-12);
}

TEST(ConvexHullTest, FlatPointsHaveNoHull) {
  EXPECT_FALSE(ComputeConvexHull({{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}}).ok());
  EXPECT_FALSE(ComputeConvexHull({{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}).ok());
}

}  // namespace
}  // namespace radfed::radiomics::morphology
