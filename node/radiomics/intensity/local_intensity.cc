#include "node/radiomics/intensity/local_intensity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace radfed::radiomics {
namespace {

// The sphere as runs along i: for each offset (dj, dk) the voxels di in [-half_width, half_width].
struct SphereRow {
  int64_t dj = 0;
  int64_t dk = 0;
  int64_t half_width = 0;
};

std::vector<SphereRow> SphereRows(const imaging::Vec3& spacing) {
  const double radius = PeakSphereRadiusMm();
  // Exact offsets (e.g. 6 mm at 2 mm spacing, radius 6.2035) must stay inside despite rounding.
  const double r2 = radius * radius * (1 + 1e-12);
  const auto reach = [&](double s) { return static_cast<int64_t>(std::floor(radius / s)); };
  std::vector<SphereRow> rows;
  for (int64_t dk = -reach(spacing[2]); dk <= reach(spacing[2]); ++dk) {
    for (int64_t dj = -reach(spacing[1]); dj <= reach(spacing[1]); ++dj) {
      const double y = static_cast<double>(dj) * spacing[1];
      const double z = static_cast<double>(dk) * spacing[2];
      const double left = r2 - y * y - z * z;
      if (left < 0) continue;
      rows.push_back({dj, dk, static_cast<int64_t>(std::floor(std::sqrt(left) / spacing[0]))});
    }
  }
  return rows;
}

// Sphere means by prefix sums along i: one subtraction per sphere row instead of one addition
// per sphere voxel, so the global peak over a whole ROI stays cheap.
class SphereMeans {
 public:
  explicit SphereMeans(const ProcessedRoi& roi)
      : roi_(roi), rows_(SphereRows(roi.spacing)),
        prefix_(static_cast<size_t>((roi.size[0] + 1) * roi.size[1] * roi.size[2]), 0.0) {
    const int64_t nx = roi.size[0];
    for (int64_t line = 0; line < roi.size[1] * roi.size[2]; ++line) {
      double* p = &prefix_[static_cast<size_t>(line * (nx + 1))];
      const float* in = &roi.intensity[static_cast<size_t>(line * nx)];
      for (int64_t i = 0; i < nx; ++i) p[i + 1] = p[i] + in[i];
    }
  }

  double At(int64_t i, int64_t j, int64_t k) const {
    const int64_t nx = roi_.size[0];
    double sum = 0;
    int64_t count = 0;
    for (const SphereRow& row : rows_) {
      const int64_t jj = j + row.dj;
      const int64_t kk = k + row.dk;
      if (jj < 0 || kk < 0 || jj >= roi_.size[1] || kk >= roi_.size[2]) continue;
      const int64_t first = std::max<int64_t>(0, i - row.half_width);
      const int64_t last = std::min<int64_t>(nx - 1, i + row.half_width);
      const double* p = &prefix_[static_cast<size_t>((jj + roi_.size[1] * kk) * (nx + 1))];
      sum += p[last + 1] - p[first];
      count += last - first + 1;
    }
    return sum / static_cast<double>(count);
  }

 private:
  const ProcessedRoi& roi_;
  std::vector<SphereRow> rows_;
  std::vector<double> prefix_;  // per line (j, k): prefix_[i] = sum of intensities before i
};

// Calls fn(i, j, k, offset) for every voxel of the intensity mask.
template <typename Fn>
void ForEachMaskVoxel(const ProcessedRoi& roi, Fn fn) {
  for (int64_t k = 0; k < roi.size[2]; ++k) {
    for (int64_t j = 0; j < roi.size[1]; ++j) {
      for (int64_t i = 0; i < roi.size[0]; ++i) {
        const auto v = static_cast<size_t>(roi.Offset(i, j, k));
        if (roi.intensity_mask[v]) fn(i, j, k, v);
      }
    }
  }
}

// IBSI 1: VJGA, local intensity peak.
double LocalIntensityPeak(const ProcessedRoi& roi, const SphereMeans& means) {
  float maximum = -std::numeric_limits<float>::infinity();
  ForEachMaskVoxel(roi, [&](int64_t, int64_t, int64_t, size_t v) {
    maximum = std::max(maximum, roi.intensity[v]);
  });
  double peak = std::numeric_limits<double>::quiet_NaN();
  ForEachMaskVoxel(roi, [&](int64_t i, int64_t j, int64_t k, size_t v) {
    if (roi.intensity[v] == maximum) peak = std::fmax(peak, means.At(i, j, k));
  });
  return peak;
}

// IBSI 1: 0F91, global intensity peak.
double GlobalIntensityPeak(const ProcessedRoi& roi, const SphereMeans& means) {
  double peak = std::numeric_limits<double>::quiet_NaN();
  ForEachMaskVoxel(roi, [&](int64_t i, int64_t j, int64_t k, size_t) {
    peak = std::fmax(peak, means.At(i, j, k));
  });
  return peak;
}

}  // namespace

double PeakSphereRadiusMm() { return std::cbrt(3000.0 / (4.0 * std::numbers::pi)); }

void ComputeLocalIntensityFeatures(const ProcessedRoi& roi, FeatureList& out) {
  const SphereMeans means(roi);
  FamilyWriter w(out, "Local intensity features");
  w.Add("Local intensity peak", "VJGA", LocalIntensityPeak(roi, means));
  w.Add("Global intensity peak", "0F91", GlobalIntensityPeak(roi, means));
}

}  // namespace radfed::radiomics
