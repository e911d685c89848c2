// Moran's I and Geary's C over the voxels of an ROI (IBSI 1: N365, NPT7).
//
// Both sum over every ordered pair of distinct ROI voxels (k, l) with weight w_kl = 1 / |r_k - r_l|
// (distance in mm). With y = x - mean over the ROI and W = sum of the weights:
//   I = N / W * sum w_kl y_k y_l / sum y_k^2
//   C = (N - 1) / (2 W) * sum w_kl (y_k - y_l)^2 / sum y_k^2
// The pair sums are correlations of the ROI indicator m and of y with the weight kernel K
// (K(0) = 0), so with c_m = K * m and c_y = K * y:
//   W = sum m c_m,  sum w y_k y_l = sum y c_y,  sum w (y_k - y_l)^2 = 2 sum y^2 c_m - 2 sum y c_y,
// which FFTs give exactly (up to rounding) in O(n log n) instead of O(N^2): by Parseval each sum
// is one over the spectrum, so only forward transforms of m, y and y^2 (on a box padded to twice
// the ROI's extent) and a cosine transform of the kernel are needed.
#pragma once

#include <cstdint>
#include <vector>

#include "node/imaging/grid.h"

namespace radfed::radiomics::morphology {

struct SpatialAutocorrelation {
  double morans_i = 0;
  double gearys_c = 0;
};

// `intensity` and `mask` hold one entry per voxel of a box of `size` voxels, voxel (i, j, k) at
// i + size[0]*(j + size[1]*k). Both values are NaN for fewer than two ROI voxels or a constant
// intensity.
SpatialAutocorrelation ComputeSpatialAutocorrelation(const std::vector<float>& intensity,
                                                     const std::vector<uint8_t>& mask,
                                                     const imaging::Index3& size,
                                                     const imaging::Vec3& spacing);

}  // namespace radfed::radiomics::morphology
