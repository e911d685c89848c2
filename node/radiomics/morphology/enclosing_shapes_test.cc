#include "node/radiomics/morphology/enclosing_shapes.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <numbers>

#include "node/radiomics/morphology/convex_hull.h"

namespace radfed::radiomics::morphology {
namespace {

constexpr double kPi = std::numbers::pi;

TEST(EnclosingShapesTest, PrincipalEigenvaluesOfAxisPoints) {
  // Mean zero and no covariance: the variances are the sums of squares over N - 1 = 5.
  const std::vector<imaging::Vec3> points = {{-1, 0, 0}, {1, 0, 0}, {0, -0.5, 0},
                                             {0, 0.5, 0}, {0, 0, -0.25}, {0, 0, 0.25}};
  const auto lambda = PrincipalEigenvalues(points);
  EXPECT_NEAR(lambda[0], 2.0 / 5, 1e-12);
  EXPECT_NEAR(lambda[1], 0.5 / 5, 1e-12);
  EXPECT_NEAR(lambda[2], 0.125 / 5, 1e-12);
}

TEST(EnclosingShapesTest, EllipsoidAreaSeries) {
  EXPECT_NEAR(EllipsoidArea(2, 2, 2), 16 * kPi, 1e-9);
  // a = 2, b = c = 1: alpha = beta = e, P_nu(1) = 1, so the series is
  // 8 pi sum e^(2 nu) / (1 - 4 nu^2) = 8 pi (1 + (1 - e^2) / (2e) ln((1 + e) / (1 - e))) / 2.
  const double e = std::sqrt(0.75);
  EXPECT_NEAR(EllipsoidArea(2, 1, 1),
              8 * kPi * 0.5 * (1 + (1 - e * e) / (2 * e) * std::log((1 + e) / (1 - e))),
              1e-3);  // the 21 terms leave a tail of about 1e-4
  // Flattening a spheroid shrinks its area.
  EXPECT_LT(EllipsoidArea(2, 2, 0.5), EllipsoidArea(2, 2, 1));
  EXPECT_LT(EllipsoidArea(2, 2, 1), 16 * kPi);
}

TEST(EnclosingShapesTest, OrientedBoxOfARotatedBox) {
  const Eigen::Matrix3d rotation =
      (Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitZ()) *
       Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 1, 0).normalized()))
          .toRotationMatrix();
  std::vector<imaging::Vec3> points;
  for (int c = 0; c < 8; ++c) {
    const Eigen::Vector3d p =
        rotation * Eigen::Vector3d(c & 1 ? 1.0 : 0.0, c & 2 ? 2.0 : 0.0, c & 4 ? 3.0 : 0.0);
    points.push_back({p.x(), p.y(), p.z()});
  }
  points.push_back({0.5, 0.5, 0.5});
  const auto hull = ComputeConvexHull(points);
  ASSERT_TRUE(hull.ok());
  const Box box = OrientedMinimumBoundingBox(*hull);
  EXPECT_NEAR(box.volume, 6, 1e-9);
  EXPECT_NEAR(box.area, 22, 1e-9);
}

TEST(EnclosingShapesTest, OrientedBoxOfRotatedGridBoxes) {
  // Seen along a box edge, the hull vertices at its two ends land within a few ulps of each other
  // in the facet plane, which must not throw off the rectangle search.
  for (int turn = 0; turn < 40; ++turn) {
    const Eigen::Matrix3d rotation =
        (Eigen::AngleAxisd(0.37 * turn, Eigen::Vector3d::UnitY()) *
         Eigen::AngleAxisd(0.9 + 0.11 * turn, Eigen::Vector3d(2, 1, -1).normalized()))
            .toRotationMatrix();
    std::vector<imaging::Vec3> points;
    for (int a = 0; a <= 10; ++a) {
      for (int b = 0; b <= 10; ++b) {
        for (int c = 0; c <= 10; ++c) {
          const Eigen::Vector3d p = rotation * Eigen::Vector3d(0.1 * a, 0.2 * b, 0.3 * c);
          points.push_back({p.x(), p.y(), p.z()});
        }
      }
    }
    const auto hull = ComputeConvexHull(points);
    ASSERT_TRUE(hull.ok());
    const Box box = OrientedMinimumBoundingBox(*hull);
    EXPECT_NEAR(box.volume, 6, 1e-9) << "turn " << turn;
    EXPECT_NEAR(box.area, 22, 1e-9) << "turn " << turn;
  }
}

TEST(EnclosingShapesTest, OrientedBoxOfASphereSampling) {
  // Many hull vertices and facets, most of them away from each facet's silhouette; the box of
  // points on the unit sphere is at most the cube of side 2 and at least the sphere's volume.
  std::vector<imaging::Vec3> points;
  for (int t = 0; t < 400; ++t) {
    const double polar = std::acos(1 - 2 * (t + 0.5) / 400);
    const double azimuth = 2.399963 * t;
    points.push_back({std::sin(polar) * std::cos(azimuth), std::sin(polar) * std::sin(azimuth),
                      std::cos(polar)});
  }
  const auto hull = ComputeConvexHull(points);
  ASSERT_TRUE(hull.ok());
  const Box box = OrientedMinimumBoundingBox(*hull);
  EXPECT_LE(box.volume, 8 + 1e-9);
  EXPECT_GE(box.volume, hull->volume);
  EXPECT_GT(box.volume, 7.5);
}

TEST(EnclosingShapesTest, MinimumEllipsoidOfAnAxisOctahedron) {
  // The six points +-a e_x, +-b e_y, +-c e_z are an affine image of the regular octahedron, whose
  // minimum enclosing ellipsoid is its circumscribed sphere.
  const std::vector<imaging::Vec3> points = {{3, 0, 0}, {-3, 0, 0}, {0, 2, 0},
                                             {0, -2, 0}, {0, 0, 1}, {0, 0, -1}};
  const auto axes = MinimumVolumeEnclosingEllipsoid(points);
  EXPECT_NEAR(axes[0], 3, 1e-9);
  EXPECT_NEAR(axes[1], 2, 1e-9);
  EXPECT_NEAR(axes[2], 1, 1e-9);
}

TEST(EnclosingShapesTest, MinimumEllipsoidOfBoxCorners) {
  // Box corners +-(a, b, c): the ellipsoid through them with semi-axes sqrt(3) (a, b, c).
  std::vector<imaging::Vec3> points;
  for (int c = 0; c < 8; ++c) points.push_back({c & 1 ? 2.0 : -2.0, c & 2 ? 1.0 : -1.0, c & 4 ? 0.5 : -0.5});
  const auto axes = MinimumVolumeEnclosingEllipsoid(points);
  EXPECT_NEAR(axes[0], 2 * std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(axes[1], std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(axes[2], 0.5 * std::sqrt(3.0), 1e-9);
}

TEST(EnclosingShapesTest, MinimumEllipsoidOfManyPointsOnAndInsideIt) {
  // The rotated and shifted octahedron +-3 e_x, +-2 e_y, +-e_z has the ellipsoid E with those
  // semi-axes as its minimum enclosing ellipsoid; more points on or inside E cannot change that.
  // Most of the weight must be taken off again by away steps.
  const Eigen::Matrix3d rotation =
      (Eigen::AngleAxisd(0.4, Eigen::Vector3d::UnitZ()) *
       Eigen::AngleAxisd(1.1, Eigen::Vector3d(1, -2, 1).normalized()))
          .toRotationMatrix();
  const Eigen::Vector3d shift(10, -4, 7);
  const Eigen::Vector3d semi_axes(3, 2, 1);
  std::vector<Eigen::Vector3d> local;
  for (int axis = 0; axis < 3; ++axis) {
    local.push_back(semi_axes[axis] * Eigen::Vector3d::Unit(axis));
    local.push_back(-semi_axes[axis] * Eigen::Vector3d::Unit(axis));
  }
  for (int t = 0; t < 500; ++t) {
    // A deterministic spread of directions; every second point is pulled inside.
    const double polar = std::acos(1 - 2 * (t + 0.5) / 500);
    const double azimuth = 2.399963 * t;
    const Eigen::Vector3d on(std::sin(polar) * std::cos(azimuth),
                             std::sin(polar) * std::sin(azimuth), std::cos(polar));
    local.push_back((t % 2 == 0 ? 1.0 : 0.7) * semi_axes.cwiseProduct(on));
  }
  std::vector<imaging::Vec3> points;
  for (const auto& p : local) {
    const Eigen::Vector3d g = rotation * p + shift;
    points.push_back({g.x(), g.y(), g.z()});
  }
  const auto axes = MinimumVolumeEnclosingEllipsoid(points);
  EXPECT_NEAR(axes[0], 3, 1e-8);
  EXPECT_NEAR(axes[1], 2, 1e-8);
  EXPECT_NEAR(axes[2], 1, 1e-8);
}

TEST(EnclosingShapesTest, MinimumEllipsoidOfFlatPointsIsNaN) {
  const std::vector<imaging::Vec3> points = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}};
  const auto axes = MinimumVolumeEnclosingEllipsoid(points);
  EXPECT_TRUE(std::isnan(axes[0]));
}

}  // namespace
}  // namespace radfed::radiomics::morphology
