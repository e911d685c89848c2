#include "node/radiomics/morphology/spatial_autocorrelation.h"

#include <fftw3.h>
#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <mutex>
#include <new>

namespace radfed::radiomics::morphology {
namespace {

// Smallest even n' >= n whose prime factors are 2, 3, 5 and 7, where FFTW is fastest. Even, so
// that the kernel's spectrum is a type-I cosine transform of half the grid.
int64_t FftSize(int64_t n) {
  for (int64_t m = std::max<int64_t>(n, 2);; ++m) {
    if (m % 2 != 0) continue;
    int64_t r = m;
    for (int64_t p : {2, 3, 5, 7}) {
      while (r % p == 0) r /= p;
    }
    if (r == 1) return m;
  }
}

struct Free {
  void operator()(void* p) const { std::free(p); }
};
using FftwBuffer = std::unique_ptr<double[], Free>;

// The padded boxes run to tens of MB for a large ROI, each written once: with 4 kB pages their
// first-touch page faults can cost more than the transforms (config A of the CT phantom: 60 MB,
// 90 ms), so buffers of a huge page or more ask for huge pages. Either alignment satisfies FFTW's
// SIMD alignment.
FftwBuffer Allocate(size_t n) {
  constexpr size_t kHugePage = size_t{2} << 20;
  const size_t alignment = n * sizeof(double) >= kHugePage ? kHugePage : 64;
  const size_t bytes = (n * sizeof(double) + alignment - 1) / alignment * alignment;
  void* p = std::aligned_alloc(alignment, bytes);
  if (p == nullptr) throw std::bad_alloc();
  // Advice only: without huge pages the buffer works all the same.
  if (alignment == kHugePage) madvise(p, bytes, MADV_HUGEPAGE);
  return FftwBuffer(static_cast<double*>(p));
}

// FFTW's planner keeps global state: only the execute functions are thread-safe, so plans are
// made and destroyed under one lock (batch extraction runs many cases at once).
std::mutex& PlannerMutex() {
  static std::mutex mutex;
  return mutex;
}

struct PlanDestroyer {
  void operator()(fftw_plan_s* plan) const {
    const std::lock_guard lock(PlannerMutex());
    fftw_destroy_plan(plan);
  }
};
using Plan = std::unique_ptr<fftw_plan_s, PlanDestroyer>;

template <typename MakePlan>
Plan MakePlanLocked(MakePlan make_plan) {
  const std::lock_guard lock(PlannerMutex());
  return Plan(make_plan());
}

}  // namespace

SpatialAutocorrelation ComputeSpatialAutocorrelation(const std::vector<float>& intensity,
                                                     const std::vector<uint8_t>& mask,
                                                     const imaging::Index3& size,
                                                     const imaging::Vec3& spacing) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  // Bounding box of the ROI and its mean.
  imaging::Index3 lo{size[0], size[1], size[2]};
  imaging::Index3 hi{-1, -1, -1};
  double sum = 0;
  int64_t count = 0;
  for (int64_t k = 0; k < size[2]; ++k) {
    for (int64_t j = 0; j < size[1]; ++j) {
      for (int64_t i = 0; i < size[0]; ++i) {
        const auto v = static_cast<size_t>(i + size[0] * (j + size[1] * k));
        if (!mask[v]) continue;
        const imaging::Index3 index{i, j, k};
        for (size_t d = 0; d < 3; ++d) {
          lo[d] = std::min(lo[d], index[d]);
          hi[d] = std::max(hi[d], index[d]);
        }
        sum += intensity[v];
        ++count;
      }
    }
  }
  if (count < 2) return {kNaN, kNaN};
  const double mean = sum / static_cast<double>(count);

  // Circular correlation over L samples equals the linear one for offsets up to n - 1 when
  // L >= 2n - 1, so no pair of ROI voxels wraps around onto another.
  imaging::Index3 n{};
  imaging::Index3 len{};
  for (size_t d = 0; d < 3; ++d) {
    n[d] = hi[d] - lo[d] + 1;
    len[d] = FftSize(2 * n[d] - 1);
  }
  const int64_t half = len[2] / 2 + 1;  // FFTW's r2c keeps half of the last (row-major) axis
  const auto complex_size = static_cast<size_t>(len[0] * len[1] * half);
  // In-place r2c layout: rows of 2 * half doubles. FFTW arrays are row-major, axis 0 of the box
  // (i) the slowest, so flat = (i * L1 + j) * 2 half + k.
  const auto flat = [&](int64_t i, int64_t j, int64_t k) {
    return static_cast<size_t>((i * len[1] + j) * 2 * half + k);
  };
  const int dims[3] = {static_cast<int>(len[0]), static_cast<int>(len[1]),
                       static_cast<int>(len[2])};

  // The kernel 1/|r| (0 at r = 0) is even along each axis, so its spectrum is real, even, and
  // the type-I cosine transform of its first L/2 + 1 samples per axis.
  const imaging::Index3 cos_len{len[0] / 2 + 1, len[1] / 2 + 1, len[2] / 2 + 1};
  const auto cos_size = static_cast<size_t>(cos_len[0] * cos_len[1] * cos_len[2]);
  auto kernel = Allocate(cos_size);
  std::fill_n(kernel.get(), cos_size, 0.0);
  for (int64_t di = 0; di < n[0]; ++di) {
    for (int64_t dj = 0; dj < n[1]; ++dj) {
      for (int64_t dk = 0; dk < n[2]; ++dk) {
        if (di == 0 && dj == 0 && dk == 0) continue;
        const double x = static_cast<double>(di) * spacing[0];
        const double y = static_cast<double>(dj) * spacing[1];
        const double z = static_cast<double>(dk) * spacing[2];
        kernel[static_cast<size_t>((di * cos_len[1] + dj) * cos_len[2] + dk)] =
            1 / std::sqrt(x * x + y * y + z * z);
      }
    }
  }
  {
    const int cos_dims[3] = {static_cast<int>(cos_len[0]), static_cast<int>(cos_len[1]),
                             static_cast<int>(cos_len[2])};
    const Plan plan = MakePlanLocked([&] {
      return fftw_plan_r2r_3d(cos_dims[0], cos_dims[1], cos_dims[2], kernel.get(), kernel.get(),
                              FFTW_REDFT00, FFTW_REDFT00, FFTW_REDFT00, FFTW_ESTIMATE);
    });
    fftw_execute(plan.get());
  }
  const auto kernel_hat = [&](int64_t f0, int64_t f1, int64_t f2) {
    const int64_t a = std::min(f0, len[0] - f0);
    const int64_t b = std::min(f1, len[1] - f1);
    return kernel[static_cast<size_t>((a * cos_len[1] + b) * cos_len[2] + f2)];
  };

  // With c = K * a circular, sum_x b(x) c(x) = 1/L sum_f conj(b^(f)) K^(f) a^(f) (Parseval), and
  // the box's samples outside the ROI are zero, so the three pair sums need only forward
  // transforms of the ROI indicator m, of y and of y^2. The r2c half spectrum holds each f once
  // and, except on the planes f2 = 0 and f2 = L2/2, also stands for its mirror -f.
  auto roi_hat = Allocate(2 * complex_size);
  auto values_hat = Allocate(2 * complex_size);
  // The 3D transform axis by axis, each pass skipping the lines that are still all zero: the
  // rows along axis 2 only where i < n0 and j < n1, the columns along axis 1 only where i < n0.
  const auto as_complex = [](double* buffer) { return reinterpret_cast<fftw_complex*>(buffer); };
  const int line = static_cast<int>(half);  // complex entries per row
  const int plane = static_cast<int>(len[1]) * line;
  const Plan rows = MakePlanLocked([&] {
    const fftw_iodim transform_dims{dims[2], 1, 1};
    const fftw_iodim loops[2] = {{static_cast<int>(n[0]), 2 * plane, plane},
                                 {static_cast<int>(n[1]), 2 * line, line}};
    return fftw_plan_guru_dft_r2c(1, &transform_dims, 2, loops, roi_hat.get(),
                                  as_complex(roi_hat.get()), FFTW_ESTIMATE);
  });
  const Plan columns = MakePlanLocked([&] {
    const fftw_iodim transform_dims{dims[1], line, line};
    const fftw_iodim loops[2] = {{static_cast<int>(n[0]), plane, plane}, {line, 1, 1}};
    return fftw_plan_guru_dft(1, &transform_dims, 2, loops, as_complex(roi_hat.get()),
                              as_complex(roi_hat.get()), FFTW_FORWARD, FFTW_ESTIMATE);
  });
  const Plan planes = MakePlanLocked([&] {
    const fftw_iodim transform_dims{dims[0], plane, plane};
    const fftw_iodim loops[1] = {{plane, 1, 1}};
    return fftw_plan_guru_dft(1, &transform_dims, 1, loops, as_complex(roi_hat.get()),
                              as_complex(roi_hat.get()), FFTW_FORWARD, FFTW_ESTIMATE);
  });
  const auto transform = [&](double* buffer) {
    fftw_execute_dft_r2c(rows.get(), buffer, as_complex(buffer));
    fftw_execute_dft(columns.get(), as_complex(buffer), as_complex(buffer));
    fftw_execute_dft(planes.get(), as_complex(buffer), as_complex(buffer));
  };
  // Fills `buffer` with value(y) at the ROI voxels and zero elsewhere.
  const auto fill = [&](double* buffer, auto value) {
    std::fill_n(buffer, 2 * complex_size, 0.0);
    for (int64_t k = 0; k < n[2]; ++k) {
      for (int64_t j = 0; j < n[1]; ++j) {
        for (int64_t i = 0; i < n[0]; ++i) {
          const auto v =
              static_cast<size_t>((lo[0] + i) + size[0] * ((lo[1] + j) + size[1] * (lo[2] + k)));
          if (mask[v]) buffer[flat(i, j, k)] = value(intensity[v] - mean);
        }
      }
    }
  };
  // Sums term(f, K^(f)) over the whole spectrum.
  const auto spectral_sum = [&](auto term) {
    double total = 0;
    for (int64_t f0 = 0; f0 < len[0]; ++f0) {
      for (int64_t f1 = 0; f1 < len[1]; ++f1) {
        const auto row = static_cast<size_t>((f0 * len[1] + f1) * half);
        for (int64_t f2 = 0; f2 < half; ++f2) {
          const double mirrored = f2 == 0 || 2 * f2 == len[2] ? 1 : 2;
          total += mirrored * term(row + static_cast<size_t>(f2), kernel_hat(f0, f1, f2));
        }
      }
    }
    return total / static_cast<double>(len[0] * len[1] * len[2]);
  };
  const auto squared_magnitude = [](const double* spectrum, size_t f) {
    return spectrum[2 * f] * spectrum[2 * f] + spectrum[2 * f + 1] * spectrum[2 * f + 1];
  };

  double sum_y2 = 0;
  fill(values_hat.get(), [&](double y) {
    sum_y2 += y * y;
    return y;
  });
  if (sum_y2 == 0) return {kNaN, kNaN};
  transform(values_hat.get());
  const double* y_hat = values_hat.get();
  const double cross =
      spectral_sum([&](size_t f, double k_hat) { return k_hat * squared_magnitude(y_hat, f); });

  fill(roi_hat.get(), [](double) { return 1.0; });
  transform(roi_hat.get());
  const double* m_hat = roi_hat.get();
  const double weights =
      spectral_sum([&](size_t f, double k_hat) { return k_hat * squared_magnitude(m_hat, f); });

  fill(values_hat.get(), [](double y) { return y * y; });
  transform(values_hat.get());
  const double* y2_hat = values_hat.get();
  const double squares = spectral_sum([&](size_t f, double k_hat) {
    return k_hat * (y2_hat[2 * f] * m_hat[2 * f] + y2_hat[2 * f + 1] * m_hat[2 * f + 1]);
  });

  const auto nroi = static_cast<double>(count);
  SpatialAutocorrelation result;
  result.morans_i = nroi / weights * cross / sum_y2;
  result.gearys_c = (nroi - 1) / (2 * weights) * (2 * squares - 2 * cross) / sum_y2;
  return result;
}

}  // namespace radfed::radiomics::morphology
