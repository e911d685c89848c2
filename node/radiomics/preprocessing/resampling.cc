#include "node/radiomics/preprocessing/resampling.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>

#include "node/imaging/volume_reader.h"

namespace radfed::radiomics {
namespace {

using imaging::Grid;
using imaging::Index3;

// Positions closer than this (in voxels) to an integer are that integer, so that an axis that
// is not resampled (in-plane interpolation) maps voxel to voxel exactly.
constexpr double kSnap = 1e-6;

// Target voxel t of one axis lies at source index first + t * step.
struct AxisMap {
  double first = 0;
  double step = 1;
  int64_t source_size = 1;

  bool identity() const { return step == 1 && first == std::round(first); }
};

std::array<AxisMap, 3> MapAxes(const Grid& source, const Grid& target) {
  const imaging::Vec3 first = source.PhysicalToIndex(target.origin);
  std::array<AxisMap, 3> maps;
  for (int a = 0; a < 3; ++a) {
    double f = first[a];
    if (std::abs(f - std::round(f)) < kSnap) f = std::round(f);
    double step = target.spacing[a] / source.spacing[a];
    if (std::abs(step - 1) < kSnap * 1e-3) step = 1;
    maps[a] = {f, step, source.size[a]};
  }
  return maps;
}

// Whole-sample mirror of index i into [0, n), the boundary of the B-spline coefficients.
int64_t Mirror(int64_t i, int64_t n) {
  if (n == 1) return 0;
  const int64_t period = 2 * (n - 1);
  i %= period;
  if (i < 0) i += period;
  return i < n ? i : period - i;
}

// The source voxels and weights making each target voxel [t_lo, t_hi) of one axis.
struct AxisTaps {
  int width = 1;
  std::vector<int64_t> index;  // `width` source indices per target voxel
  std::vector<double> weight;
  int64_t lo = std::numeric_limits<int64_t>::max();  // source indices used: [lo, hi)
  int64_t hi = 0;
};

AxisTaps MakeTaps(const AxisMap& m, int64_t t_lo, int64_t t_hi, Interpolator kind) {
  const int64_t n = m.source_size;
  if (m.identity()) kind = Interpolator::kNearest;  // exact, and no spline prefilter needed
  AxisTaps taps;
  taps.width = kind == Interpolator::kNearest ? 1 : kind == Interpolator::kLinear ? 2 : 4;
  const auto count = static_cast<size_t>(std::max<int64_t>(0, t_hi - t_lo));
  taps.index.reserve(count * static_cast<size_t>(taps.width));
  taps.weight.reserve(count * static_cast<size_t>(taps.width));
  auto add = [&](int64_t i, double w) {
    taps.index.push_back(i);
    taps.weight.push_back(w);
    taps.lo = std::min(taps.lo, i);
    taps.hi = std::max(taps.hi, i + 1);
  };
  for (int64_t t = t_lo; t < t_hi; ++t) {
    // Nearest-boundary padding: positions beyond the outer centres take the boundary value.
    const double x =
        std::clamp(m.first + static_cast<double>(t) * m.step, 0.0, static_cast<double>(n - 1));
    const auto i0 = static_cast<int64_t>(std::floor(x));
    const double f = x - static_cast<double>(i0);
    switch (kind) {
      case Interpolator::kNearest:
        add(std::min(n - 1, static_cast<int64_t>(std::floor(x + 0.5))), 1);
        break;
      case Interpolator::kLinear:
        add(i0, 1 - f);
        add(std::min(i0 + 1, n - 1), f);
        break;
      case Interpolator::kCubicSpline: {
        // Cubic B-spline basis at offsets -1, 0, 1, 2 from i0.
        const double g = 1 - f;
        add(Mirror(i0 - 1, n), g * g * g / 6);
        add(Mirror(i0, n), (4 - 6 * f * f + 3 * f * f * f) / 6);
        add(Mirror(i0 + 1, n), (1 + 3 * f + 3 * f * f - 3 * f * f * f) / 6);
        add(Mirror(i0 + 2, n), f * f * f / 6);
        break;
      }
    }
  }
  return taps;
}

// A block of source values: `data` holds dims voxels whose first is source voxel `offset`.
template <typename T>
struct Block {
  const T* data;
  Index3 dims;
  Index3 offset;
};

// Applies the taps of the three axes, one axis at a time: x, then y, then z. `value` converts
// a stored source value.
template <typename T, typename Value>
std::vector<float> ApplyTaps(const Block<T>& src, const std::array<AxisTaps, 3>& taps,
                             const Index3& out, Value value) {
  const int64_t n1 = taps[1].hi - taps[1].lo, n2 = taps[2].hi - taps[2].lo;
  // Pass x: out[0] x n1 x n2. Every element of the pass buffers is written before it is read,
  // so they are left uninitialised.
  const auto pass_x =
      std::make_unique_for_overwrite<double[]>(static_cast<size_t>(out[0] * n1 * n2));
  const int w0 = taps[0].width;
  for (int64_t k = 0; k < n2; ++k) {
    for (int64_t j = 0; j < n1; ++j) {
      const int64_t sj = taps[1].lo + j - src.offset[1], sk = taps[2].lo + k - src.offset[2];
      const T* row = src.data + src.dims[0] * (sj + src.dims[1] * sk);
      double* dst = pass_x.get() + out[0] * (j + n1 * k);
      for (int64_t t = 0; t < out[0]; ++t) {
        double sum = 0;
        for (int q = 0; q < w0; ++q) {
          const auto at = static_cast<size_t>(t * w0 + q);
          sum += taps[0].weight[at] * value(row[taps[0].index[at] - src.offset[0]]);
        }
        dst[t] = sum;
      }
    }
  }
  // Pass y: out[0] x out[1] x n2.
  const auto pass_y =
      std::make_unique_for_overwrite<double[]>(static_cast<size_t>(out[0] * out[1] * n2));
  const int w1 = taps[1].width;
  for (int64_t k = 0; k < n2; ++k) {
    for (int64_t t = 0; t < out[1]; ++t) {
      double* dst = pass_y.get() + out[0] * (t + out[1] * k);
      for (int q = 0; q < w1; ++q) {
        const auto at = static_cast<size_t>(t * w1 + q);
        const double w = taps[1].weight[at];
        const double* row = pass_x.get() + out[0] * ((taps[1].index[at] - taps[1].lo) + n1 * k);
        if (q == 0) {
          for (int64_t i = 0; i < out[0]; ++i) dst[i] = w * row[i];
        } else {
          for (int64_t i = 0; i < out[0]; ++i) dst[i] += w * row[i];
        }
      }
    }
  }
  // Pass z: the result.
  const int64_t plane = out[0] * out[1];
  std::vector<double> sums(static_cast<size_t>(plane));
  std::vector<float> result(static_cast<size_t>(plane * out[2]));
  const int w2 = taps[2].width;
  for (int64_t t = 0; t < out[2]; ++t) {
    std::fill(sums.begin(), sums.end(), 0.0);
    for (int q = 0; q < w2; ++q) {
      const auto at = static_cast<size_t>(t * w2 + q);
      const double w = taps[2].weight[at];
      const double* src_plane = pass_y.get() + plane * (taps[2].index[at] - taps[2].lo);
      for (int64_t v = 0; v < plane; ++v) sums[static_cast<size_t>(v)] += w * src_plane[v];
    }
    std::transform(sums.begin(), sums.end(), result.begin() + plane * t,
                   [](double s) { return static_cast<float>(s); });
  }
  return result;
}

// Turns samples into cubic B-spline coefficients along one line (in place), with mirror
// boundaries: the causal and anti-causal recursions of the pole z = sqrt(3) - 2 (Unser 1999).
void PrefilterLine(double* c, int64_t n, int64_t stride) {
  if (n < 2) return;
  const double z = std::sqrt(3.0) - 2;
  constexpr double kGain = 6;  // (1 - z)(1 - 1/z)
  for (int64_t i = 0; i < n; ++i) c[i * stride] *= kGain;
  // Causal start: the mirrored signal's sum, exact for short lines, truncated where z^k < 1e-15.
  const auto horizon = static_cast<int64_t>(std::ceil(std::log(1e-15) / std::log(std::abs(z))));
  double start = c[0];
  if (n <= horizon) {
    const double zn = std::pow(z, static_cast<double>(n - 1));
    double zk = z, z2n = zn * zn / z;  // z^k and z^(2n-2-k) for k = 1
    start += zn * c[(n - 1) * stride];
    for (int64_t k = 1; k < n - 1; ++k) {
      start += (zk + z2n) * c[k * stride];
      zk *= z;
      z2n /= z;
    }
    start /= 1 - zn * zn;
  } else {
    double zk = z;
    for (int64_t k = 1; k < horizon; ++k) {
      start += zk * c[k * stride];
      zk *= z;
    }
  }
  c[0] = start;
  for (int64_t i = 1; i < n; ++i) c[i * stride] += z * c[(i - 1) * stride];
  c[(n - 1) * stride] = z / (z * z - 1) * (c[(n - 1) * stride] + z * c[(n - 2) * stride]);
  for (int64_t i = n - 2; i >= 0; --i) c[i * stride] = z * (c[(i + 1) * stride] - c[i * stride]);
}

// The prefilter spreads a voxel along its line with weights z^d; 16 voxels of context make the
// coefficients of a block those of the whole image to |z|^16 < 1e-9.
constexpr int64_t kPrefilterContext = 16;

template <typename T, typename Value>
std::vector<float> ResampleVolume(const imaging::Volume<T>& source, const Grid& target,
                                  const VoxelBox& box, Interpolator kind, Value value) {
  const auto maps = MapAxes(source.grid, target);
  std::array<AxisTaps, 3> taps;
  for (int a = 0; a < 3; ++a) taps[a] = MakeTaps(maps[a], box.lo[a], box.hi[a], kind);
  const Index3 out = box.size();
  if (box.voxel_count() <= 0) return {};

  const bool spline =
      kind == Interpolator::kCubicSpline &&
      std::any_of(taps.begin(), taps.end(), [](const AxisTaps& t) { return t.width == 4; });
  if (!spline)
    return ApplyTaps(Block<T>{source.voxels.data(), source.grid.size, {0, 0, 0}}, taps, out, value);

  // Spline coefficients of the source block the taps reach (plus context on resampled axes).
  Index3 lo{}, dims{};
  for (int a = 0; a < 3; ++a) {
    const int64_t context = taps[a].width == 4 ? kPrefilterContext : 0;
    lo[a] = std::max<int64_t>(0, taps[a].lo - context);
    dims[a] = std::min(source.grid.size[a], taps[a].hi + context) - lo[a];
  }
  std::vector<double> coeffs(static_cast<size_t>(dims[0] * dims[1] * dims[2]));
  size_t v = 0;
  for (int64_t k = 0; k < dims[2]; ++k)
    for (int64_t j = 0; j < dims[1]; ++j)
      for (int64_t i = 0; i < dims[0]; ++i)
        coeffs[v++] = value(
            source
                .voxels[static_cast<size_t>(source.grid.Offset(lo[0] + i, lo[1] + j, lo[2] + k))]);
  const Index3 stride{1, dims[0], dims[0] * dims[1]};
  for (int a = 0; a < 3; ++a) {
    if (taps[a].width != 4) continue;
    const int b = a == 0 ? 1 : 0, c = a == 2 ? 1 : 2;  // the two other axes
    for (int64_t y = 0; y < dims[c]; ++y)
      for (int64_t x = 0; x < dims[b]; ++x)
        PrefilterLine(coeffs.data() + x * stride[b] + y * stride[c], dims[a], stride[a]);
  }
  return ApplyTaps(Block<double>{coeffs.data(), dims, lo}, taps, out, [](double x) { return x; });
}

}  // namespace

Result<Grid> InterpolationGrid(const Grid& grid, const InterpolationParams& params) {
  Grid out = grid;
  if (!params.in_plane_only) out.slice_sop_instance_uids.clear();  // the slices are new ones
  const int axes = params.in_plane_only ? 2 : 3;
  // IBSI 1: 026Q, rounded up (with slack for spacings such as 0.977 stored inexactly). The sizes
  // are doubles until checked, so that a fine spacing is refused before any cast or allocation.
  imaging::Vec3 sizes{};
  double voxels = 1;
  for (int a = 0; a < 3; ++a) {
    if (a < axes) out.spacing[a] = params.spacing_mm[a];
    const double exact = static_cast<double>(grid.size[a]) * grid.spacing[a] / out.spacing[a];
    sizes[a] = a < axes ? std::max(1.0, std::ceil(exact - kSnap)) : exact;
    voxels *= sizes[a];
  }
  // The readers' bound: a grid they would refuse as corrupt is too large to resample onto.
  if (!(voxels <= static_cast<double>(imaging::kMaxVoxels))) {
    char resampled[128];
    std::snprintf(resampled, sizeof resampled, "%gx%gx%g mm gives %.3g voxels", out.spacing[0],
                  out.spacing[1], out.spacing[2], voxels);
    return Status::InvalidArgument("interpolation.spacing_mm: resampling the image (" +
                                   grid.Describe() + ") to " + resampled + ", more than the " +
                                   std::to_string(imaging::kMaxVoxels) +
                                   " an image may have; choose a coarser spacing");
  }
  for (int a = 0; a < axes; ++a) {
    out.size[a] = static_cast<int64_t>(sizes[a]);
    // IBSI 1: QCY4, the new origin keeps the grid centre in place.
    const double shift = (grid.spacing[a] * static_cast<double>(grid.size[a] - 1) -
                          out.spacing[a] * static_cast<double>(out.size[a] - 1)) /
                         2;
    for (int d = 0; d < 3; ++d) out.origin[d] += shift * grid.direction[a][d];
  }
  return out;
}

std::vector<float> Resample(const imaging::Image& source, const Grid& target, const VoxelBox& box,
                            Interpolator kind, bool round_source) {
  if (round_source)
    return ResampleVolume(source, target, box, kind,
                          [](float x) { return std::round(static_cast<double>(x)); });
  return ResampleVolume(source, target, box, kind, [](float x) { return static_cast<double>(x); });
}

std::vector<float> Resample(const imaging::Mask& source, const Grid& target, const VoxelBox& box,
                            Interpolator kind) {
  return ResampleVolume(source, target, box, kind, [](uint8_t m) { return m ? 1.0 : 0.0; });
}

VoxelBox TargetBoxReached(const Grid& source, const Grid& target, const VoxelBox& source_box,
                          Interpolator kind) {
  const auto maps = MapAxes(source, target);
  const int64_t grow = kind == Interpolator::kCubicSpline ? 4 : 0;
  VoxelBox out;
  for (int a = 0; a < 3; ++a) {
    const int64_t lo = source_box.lo[a] - grow, hi = source_box.hi[a] + grow;
    const AxisTaps taps = MakeTaps(maps[a], 0, target.size[a], kind);
    out.lo[a] = target.size[a];
    out.hi[a] = 0;
    for (int64_t t = 0; t < target.size[a]; ++t) {
      for (int q = 0; q < taps.width; ++q) {
        const auto at = static_cast<size_t>(t * taps.width + q);
        if (taps.weight[at] != 0 && taps.index[at] >= lo && taps.index[at] < hi) {
          out.lo[a] = std::min(out.lo[a], t);
          out.hi[a] = std::max(out.hi[a], t + 1);
        }
      }
    }
    if (out.lo[a] >= out.hi[a]) return VoxelBox{};
  }
  return out;
}

}  // namespace radfed::radiomics
