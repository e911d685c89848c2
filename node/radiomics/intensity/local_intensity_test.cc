#include "node/radiomics/intensity/local_intensity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "node/radiomics/intensity/test_roi.h"
#include "node/radiomics/testing/ibsi_reference.h"

namespace radfed::radiomics {
namespace {

using testing::MakeRoi;
using testing::ValueOf;

TEST(LocalIntensity, SphereHoldsOneCubicCentimetre) {
  const double r = PeakSphereRadiusMm();
  EXPECT_NEAR(r, 6.2035, 1e-4);
  EXPECT_NEAR(4.0 / 3.0 * M_PI * r * r * r, 1000.0, 1e-9);
}

TEST(LocalIntensity, DigitalPhantomMatchesIbsi) {
  FeatureList features;
  ComputeLocalIntensityFeatures(testing::DigitalPhantomRoi(), features);
  EXPECT_EQ(testing::ExpectMatchesReferences(features, "digital_phantom", "Local intensity"), 2);
}

// Three voxels 5 mm apart: a sphere of radius 6.2 mm reaches the direct neighbours only.
TEST(LocalIntensity, SphereAveragesNeighboursWithinRadius) {
  FeatureList features;
  ComputeLocalIntensityFeatures(MakeRoi({3, 1, 1}, {5, 5, 5}, {0, 10, 4}), features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "Local intensity peak"), 14.0 / 3.0);
  EXPECT_DOUBLE_EQ(ValueOf(features, "Global intensity peak"), 7.0);  // (10 + 4) / 2 at voxel 2
}

// Voxels outside the ROI count in the sphere but are never sphere centres.
TEST(LocalIntensity, VoxelsOutsideRoiEnterTheMeanOnly) {
  FeatureList features;
  ComputeLocalIntensityFeatures(MakeRoi({3, 1, 1}, {5, 5, 5}, {0, 10, 4}, {1, 1, 0}), features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "Local intensity peak"), 14.0 / 3.0);
  EXPECT_DOUBLE_EQ(ValueOf(features, "Global intensity peak"), 5.0);  // (0 + 10) / 2 at voxel 0
}

// Among several voxels of maximum intensity the local peak takes the highest sphere mean.
TEST(LocalIntensity, LocalPeakTakesBestOfTiedMaxima) {
  FeatureList features;
  ComputeLocalIntensityFeatures(MakeRoi({5, 1, 1}, {5, 5, 5}, {9, 0, 0, 9, 6}), features);
  EXPECT_DOUBLE_EQ(ValueOf(features, "Local intensity peak"), 5.0);  // (0 + 9 + 6) / 3
}

// The prefix-sum sphere means against a direct scan of every box voxel, on an anisotropic grid.
TEST(LocalIntensity, GlobalPeakMatchesDirectSphereScan) {
  const imaging::Index3 size{14, 11, 6};
  const imaging::Vec3 spacing{0.977, 1.3, 3.0};
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> value(-100, 100);
  std::vector<float> intensity(static_cast<size_t>(size[0] * size[1] * size[2]));
  std::vector<uint8_t> mask(intensity.size());
  for (size_t v = 0; v < intensity.size(); ++v) {
    intensity[v] = std::round(value(rng));
    mask[v] = (v % 3) != 0;
  }
  const ProcessedRoi roi = MakeRoi(size, spacing, intensity, mask);
  const double r = PeakSphereRadiusMm();
  double expected = -1e300;
  for (int64_t k = 0; k < size[2]; ++k)
    for (int64_t j = 0; j < size[1]; ++j)
      for (int64_t i = 0; i < size[0]; ++i) {
        if (!mask[static_cast<size_t>(roi.Offset(i, j, k))]) continue;
        double sum = 0;
        int count = 0;
        for (int64_t c = 0; c < size[2]; ++c)
          for (int64_t b = 0; b < size[1]; ++b)
            for (int64_t a = 0; a < size[0]; ++a) {
              const double dx = static_cast<double>(a - i) * spacing[0];
              const double dy = static_cast<double>(b - j) * spacing[1];
              const double dz = static_cast<double>(c - k) * spacing[2];
              if (dx * dx + dy * dy + dz * dz > r * r) continue;
              sum += intensity[static_cast<size_t>(roi.Offset(a, b, c))];
              ++count;
            }
        expected = std::max(expected, sum / count);
      }
  FeatureList features;
  ComputeLocalIntensityFeatures(roi, features);
  EXPECT_NEAR(ValueOf(features, "Global intensity peak"), expected, 1e-9);
}

TEST(LocalIntensity, EmptyMaskGivesNaN) {
  FeatureList features;
  ComputeLocalIntensityFeatures(MakeRoi({2, 1, 1}, {1, 1, 1}, {1, 2}, {0, 0}), features);
  EXPECT_TRUE(std::isnan(ValueOf(features, "Local intensity peak")));
  EXPECT_TRUE(std::isnan(ValueOf(features, "Global intensity peak")));
}

}  // namespace
}  // namespace radfed::radiomics
