#include "node/radiomics/morphology/spatial_autocorrelation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <thread>
#include <vector>

namespace radfed::radiomics::morphology {
namespace {

// The definition summed over all ordered voxel pairs, O(N^2).
SpatialAutocorrelation DirectSum(const std::vector<float>& intensity,
                                 const std::vector<uint8_t>& mask, const imaging::Index3& size,
                                 const imaging::Vec3& spacing) {
  std::vector<imaging::Vec3> position;
  std::vector<double> value;
  for (int64_t k = 0; k < size[2]; ++k) {
    for (int64_t j = 0; j < size[1]; ++j) {
      for (int64_t i = 0; i < size[0]; ++i) {
        const auto v = static_cast<size_t>(i + size[0] * (j + size[1] * k));
        if (!mask[v]) continue;
        position.push_back({static_cast<double>(i) * spacing[0],
                            static_cast<double>(j) * spacing[1],
                            static_cast<double>(k) * spacing[2]});
        value.push_back(intensity[v]);
      }
    }
  }
  const size_t n = value.size();
  double mean = 0;
  for (double x : value) mean += x;
  mean /= static_cast<double>(n);
  double weights = 0, moran = 0, geary = 0, squares = 0;
  for (size_t a = 0; a < n; ++a) {
    squares += (value[a] - mean) * (value[a] - mean);
    for (size_t b = 0; b < n; ++b) {
      if (a == b) continue;
      const double dx = position[a][0] - position[b][0];
      const double dy = position[a][1] - position[b][1];
      const double dz = position[a][2] - position[b][2];
      const double w = 1 / std::sqrt(dx * dx + dy * dy + dz * dz);
      weights += w;
      moran += w * (value[a] - mean) * (value[b] - mean);
      geary += w * (value[a] - value[b]) * (value[a] - value[b]);
    }
  }
  const auto nd = static_cast<double>(n);
  return {nd / weights * moran / squares, (nd - 1) / (2 * weights) * geary / squares};
}

TEST(SpatialAutocorrelationTest, TwoVoxelsAreFullyAnticorrelated) {
  // y = (+d, -d): I = 2/(2w) * (2 w (-d^2)) / (2 d^2) = -1 and C = 1/(4w) * 2w(2d)^2 / (2d^2) = 1.
  const auto r = ComputeSpatialAutocorrelation({3, 0, 8}, {1, 0, 1}, {3, 1, 1}, {0.7, 1, 1});
  EXPECT_NEAR(r.morans_i, -1, 1e-12);
  EXPECT_NEAR(r.gearys_c, 1, 1e-12);
}

TEST(SpatialAutocorrelationTest, ConstantIntensityIsUndefined) {
  const auto r = ComputeSpatialAutocorrelation({2, 2, 2}, {1, 1, 1}, {3, 1, 1}, {1, 1, 1});
  EXPECT_TRUE(std::isnan(r.morans_i));
  EXPECT_TRUE(std::isnan(r.gearys_c));
}

TEST(SpatialAutocorrelationTest, FftMatchesDirectSumOnRandomVolumes) {
  std::mt19937 random(11);
  std::uniform_real_distribution<float> grey(-100, 300);
  std::bernoulli_distribution inside(0.6);
  const std::vector<imaging::Index3> sizes = {{7, 5, 4}, {6, 9, 3}, {11, 4, 6}};
  const std::vector<imaging::Vec3> spacings = {{1, 1, 1}, {0.977, 0.977, 3.0}, {2, 1.5, 0.5}};
  for (size_t t = 0; t < sizes.size(); ++t) {
    const auto n = static_cast<size_t>(sizes[t][0] * sizes[t][1] * sizes[t][2]);
    std::vector<float> intensity(n);
    std::vector<uint8_t> mask(n);
    for (size_t v = 0; v < n; ++v) {
      // Smooth trend plus noise, so that Moran's I is clearly positive.
      intensity[v] = static_cast<float>(v % 7) * 20 + grey(random) * 0.2f;
      mask[v] = inside(random) ? 1 : 0;
    }
    const auto fft = ComputeSpatialAutocorrelation(intensity, mask, sizes[t], spacings[t]);
    const auto direct = DirectSum(intensity, mask, sizes[t], spacings[t]);
    EXPECT_NEAR(fft.morans_i, direct.morans_i, 1e-10 * std::abs(direct.morans_i) + 1e-12);
    EXPECT_NEAR(fft.gearys_c, direct.gearys_c, 1e-10 * std::abs(direct.gearys_c) + 1e-12);
  }
}

// Batch extraction computes many cases at once; FFTW's planner is not thread-safe by itself.
TEST(SpatialAutocorrelationTest, ConcurrentCallsAgreeWithASingleCall) {
  const imaging::Index3 size{9, 7, 5};
  std::vector<float> intensity(9 * 7 * 5);
  std::vector<uint8_t> mask(intensity.size());
  std::mt19937 rng(7);
  for (size_t v = 0; v < intensity.size(); ++v) {
    intensity[v] = static_cast<float>(rng() % 100);
    mask[v] = rng() % 3 != 0;
  }
  const auto expected = ComputeSpatialAutocorrelation(intensity, mask, size, {0.8, 0.8, 2});
  std::vector<SpatialAutocorrelation> results(8 * 20);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (size_t r = 0; r < 20; ++r) {
        results[t * 20 + r] = ComputeSpatialAutocorrelation(intensity, mask, size, {0.8, 0.8, 2});
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& r : results) {
    EXPECT_EQ(r.morans_i, expected.morans_i);
    EXPECT_EQ(r.gearys_c, expected.gearys_c);
  }
}


}  // namespace
}  // namespace radfed::radiomics::morphology
