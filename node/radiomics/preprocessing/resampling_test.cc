#include "node/radiomics/preprocessing/resampling.h"

#include <gtest/gtest.h>

#include <cmath>

namespace radfed::radiomics {
namespace {

using imaging::Grid;
using imaging::Image;
using imaging::Mask;

InterpolationParams Spacing(double x, double y, double z, bool in_plane = false) {
  InterpolationParams p;
  p.enabled = true;
  p.spacing_mm = {x, y, z};
  p.in_plane_only = in_plane;
  return p;
}

// A line of voxels along i with the given values and spacing.
Image Line(const std::vector<float>& values, double spacing) {
  Grid g;
  g.size = {static_cast<int64_t>(values.size()), 1, 1};
  g.spacing = {spacing, 1, 1};
  Image image(g);
  image.voxels = values;
  return image;
}

TEST(InterpolationGridTest, AlignsCentresAndRoundsTheSizeUp) {
  // IBSI 1 example: 4 voxels of 3 mm to 2 mm gives ceil(12 / 2) = 6 voxels, centres aligned.
  Grid g;
  g.size = {4, 4, 4};
  g.spacing = {3, 3, 3};
  g.origin = {10, 20, 30};
  const Grid out = *InterpolationGrid(g, Spacing(2, 2, 2));
  EXPECT_EQ(out.size, (imaging::Index3{6, 6, 6}));
  EXPECT_EQ(out.spacing, (imaging::Vec3{2, 2, 2}));
  // Old centre 10 + 4.5; new centre origin + 5: origin 9.5.
  EXPECT_DOUBLE_EQ(out.origin[0], 9.5);
  EXPECT_DOUBLE_EQ(out.origin[2], 29.5);
}

TEST(InterpolationGridTest, FollowsTheDirectionAndKeepsSlicesInPlane) {
  Grid g;
  g.size = {204, 201, 60};
  g.spacing = {0.977, 0.977, 3};
  g.direction = {{{-1, 0, 0}, {0, -1, 0}, {0, 0, 1}}};
  const Grid planar = *InterpolationGrid(g, Spacing(2, 2, 2, /*in_plane=*/true));
  EXPECT_EQ(planar.size, (imaging::Index3{100, 99, 60}));
  EXPECT_EQ(planar.spacing, (imaging::Vec3{2, 2, 3}));
  // Shift along i is (0.977 * 203 - 2 * 99) / 2 = 0.1655 mm, i pointing to -x.
  EXPECT_NEAR(planar.origin[0], -0.1655, 1e-9);
  EXPECT_EQ(planar.origin[2], 0);
  const Grid volume = *InterpolationGrid(g, Spacing(2, 2, 2));
  EXPECT_EQ(volume.size, (imaging::Index3{100, 99, 90}));  // 60 * 3 / 2 = 90 exactly
}

TEST(InterpolationGridTest, RefusesMoreVoxelsThanAnImageMayHave) {
  // A CT at 0.01 mm once aborted on bad_alloc; 1e-300 mm overflowed the size cast.
  Grid g;
  g.size = {512, 512, 100};
  g.spacing = {0.7, 0.7, 2};
  const auto fine = InterpolationGrid(g, Spacing(0.01, 0.01, 0.01));
  ASSERT_FALSE(fine.ok());
  EXPECT_EQ(fine.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(fine.status().message(),
            "interpolation.spacing_mm: resampling the image (512x512x100 voxels, spacing "
            "0.7x0.7x2 mm, origin (0, 0, 0)) to 0.01x0.01x0.01 mm gives 2.57e+13 voxels, more "
            "than the 2147483648 an image may have; choose a coarser spacing");
  EXPECT_FALSE(InterpolationGrid(g, Spacing(1e-300, 1, 1)).ok());
  // In-plane interpolation keeps the slices, which count too.
  EXPECT_FALSE(InterpolationGrid(g, Spacing(0.05, 0.05, 0.01, /*in_plane=*/true)).ok());
  EXPECT_TRUE(InterpolationGrid(g, Spacing(0.5, 0.5, 0.5)).ok());
}

TEST(ResampleTest, LinearAndNearestOnTheIbsiExampleGrid) {
  const Image line = Line({0, 3, 6, 9}, 3);
  const Grid target = *InterpolationGrid(line.grid, Spacing(2, 1, 1, true));
  ASSERT_EQ(target.size[0], 6);
  // Target centres at source index -1/6 + 2/3 t; the ends are padded with the boundary value.
  const auto linear = Resample(line, target, WholeBox(target.size), Interpolator::kLinear);
  const std::vector<float> expected_linear{0, 1.5f, 3.5f, 5.5f, 7.5f, 9};
  ASSERT_EQ(linear.size(), 6u);
  for (size_t t = 0; t < 6; ++t) EXPECT_NEAR(linear[t], expected_linear[t], 1e-5) << t;
  const auto nearest = Resample(line, target, WholeBox(target.size), Interpolator::kNearest);
  EXPECT_EQ(nearest, (std::vector<float>{0, 3, 3, 6, 9, 9}));
}

TEST(ResampleTest, RoundsTheSourceWhenAsked) {
  const Image line = Line({0.4f, 2.6f}, 1);
  const Grid target = *InterpolationGrid(line.grid, Spacing(0.5, 1, 1, true));  // 4 voxels
  const auto rounded = Resample(line, target, WholeBox(target.size), Interpolator::kLinear, true);
  // Source 0 and 3; centres at -0.25, 0.25, 0.75, 1.25.
  EXPECT_EQ(rounded, (std::vector<float>{0, 0.75f, 2.25f, 3}));
}

TEST(ResampleTest, TrilinearIsExactForLinearFunctionsInside) {
  Grid g;
  g.size = {7, 6, 5};
  g.spacing = {1.5, 1.2, 3};
  Image image(g);
  for (int64_t k = 0; k < 5; ++k)
    for (int64_t j = 0; j < 6; ++j)
      for (int64_t i = 0; i < 7; ++i)
        image.at(i, j, k) = static_cast<float>(1.5 * i - 2 * 1.2 * j + 0.5 * 3 * k);
  const Grid target = *InterpolationGrid(g, Spacing(1, 1, 1));
  const auto values = Resample(image, target, WholeBox(target.size), Interpolator::kLinear);
  int checked = 0;
  for (int64_t k = 0; k < target.size[2]; ++k)
    for (int64_t j = 0; j < target.size[1]; ++j)
      for (int64_t i = 0; i < target.size[0]; ++i) {
        const imaging::Vec3 p = target.IndexToPhysical({double(i), double(j), double(k)});
        const imaging::Vec3 s = g.PhysicalToIndex(p);
        if (s[0] < 0 || s[1] < 0 || s[2] < 0 || s[0] > 6 || s[1] > 5 || s[2] > 4) continue;
        EXPECT_NEAR(values[static_cast<size_t>(target.Offset(i, j, k))],
                    p[0] - 2 * p[1] + 0.5 * p[2], 1e-4);
        ++checked;
      }
  EXPECT_GT(checked, 200);
}

TEST(ResampleTest, CubicSplineInterpolatesTheSamplesAndFollowsSmoothData) {
  std::vector<float> values;
  for (int i = 0; i < 25; ++i) values.push_back(static_cast<float>(std::sin(0.4 * i)));
  const Image line = Line(values, 3);
  const Grid target = *InterpolationGrid(line.grid, Spacing(1, 1, 1, true));  // 75 voxels
  ASSERT_EQ(target.size[0], 75);
  const auto spline = Resample(line, target, WholeBox(target.size), Interpolator::kCubicSpline);
  const auto linear = Resample(line, target, WholeBox(target.size), Interpolator::kLinear);
  // Target voxel t sits at source index -1/3 + t/3: every third one on a sample.
  for (int i = 0; i < 25; ++i)
    EXPECT_NEAR(spline[static_cast<size_t>(3 * i + 1)], values[static_cast<size_t>(i)], 1e-5);
  double spline_error = 0, linear_error = 0;
  for (int t = 20; t < 55; ++t) {  // away from the mirrored ends
    const double truth = std::sin(0.4 * (t - 1) / 3.0);
    spline_error = std::max(spline_error, std::abs(spline[static_cast<size_t>(t)] - truth));
    linear_error = std::max(linear_error, std::abs(linear[static_cast<size_t>(t)] - truth));
  }
  EXPECT_LT(spline_error, 1e-3);
  EXPECT_GT(linear_error, 5 * spline_error) << spline_error << " " << linear_error;
}

TEST(ResampleTest, ABoxEqualsTheSameVoxelsOfTheWholeGrid) {
  Grid g;
  g.size = {30, 28, 12};
  g.spacing = {0.8, 0.8, 2.5};
  Image image(g);
  for (size_t v = 0; v < image.voxels.size(); ++v)
    image.voxels[v] = static_cast<float>((v * 7919) % 1000);
  const Grid target = *InterpolationGrid(g, Spacing(2, 2, 2));
  const VoxelBox box{{3, 2, 4}, {9, 8, 11}};
  for (Interpolator kind :
       {Interpolator::kNearest, Interpolator::kLinear, Interpolator::kCubicSpline}) {
    const auto whole = Resample(image, target, WholeBox(target.size), kind);
    const auto part = Resample(image, target, box, kind);
    EXPECT_EQ(CopyBox(whole, target.size, box).size(), part.size());
    const auto expected = CopyBox(whole, target.size, box);
    for (size_t v = 0; v < part.size(); ++v)
      ASSERT_NEAR(part[v], expected[v], 1e-3) << static_cast<int>(kind);
  }
}

TEST(ResampleTest, MaskFractionsAndTheirReach) {
  Grid g;
  g.size = {10, 10, 4};
  g.spacing = {1, 1, 3};
  Mask mask(g);
  for (int64_t j = 4; j < 6; ++j)
    for (int64_t i = 4; i < 6; ++i) mask.at(i, j, 2) = 1;
  const Grid target = *InterpolationGrid(g, Spacing(0.5, 0.5, 3, true));
  const auto fraction = Resample(mask, target, WholeBox(target.size), Interpolator::kLinear);
  // Slices are kept: the other slices stay empty, and fractions lie in [0, 1].
  double total = 0;
  for (int64_t k = 0; k < 4; ++k)
    for (int64_t j = 0; j < target.size[1]; ++j)
      for (int64_t i = 0; i < target.size[0]; ++i) {
        const float f = fraction[static_cast<size_t>(target.Offset(i, j, k))];
        EXPECT_GE(f, 0);
        EXPECT_LE(f, 1);
        if (k != 2) {
          EXPECT_EQ(f, 0);
        }
        total += f;
      }
  // Bilinear interpolation preserves the mask's area up to the boundary: 4 mm^2 = 16 voxels.
  EXPECT_NEAR(total, 16, 1e-4);
  const VoxelBox reach = TargetBoxReached(g, target, {{4, 4, 2}, {6, 6, 3}}, Interpolator::kLinear);
  for (int64_t k = 0; k < 4; ++k)
    for (int64_t j = 0; j < target.size[1]; ++j)
      for (int64_t i = 0; i < target.size[0]; ++i) {
        const bool inside_reach = i >= reach.lo[0] && i < reach.hi[0] && j >= reach.lo[1] &&
                                  j < reach.hi[1] && k >= reach.lo[2] && k < reach.hi[2];
        if (!inside_reach) {
          EXPECT_EQ(fraction[static_cast<size_t>(target.Offset(i, j, k))], 0);
        }
      }
  EXPECT_EQ(reach.lo[2], 2);
  EXPECT_EQ(reach.hi[2], 3);
  EXPECT_LT(reach.voxel_count(), 100);
}

}  // namespace
}  // namespace radfed::radiomics
