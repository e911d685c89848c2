#include "node/radiomics/morphology/spatial_autocorrelation.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <memory>
#include <mutex>

namespace radfed::radiomics::morphology {
namespace {

// Smallest n' >= n whose prime factors are 2, 3, 5 and 7, where FFTW is fastest.
int64_t FftSize(int64_t n) {
  for (int64_t m = std::max<int64_t>(n, 1);; ++m) {
    int64_t r = m;
    for (int64_t p : {2, 3, 5, 7}) {
      while (r % p == 0) r /= p;
    }
    if (r == 1) return m;
  }
}

struct FftwFree {
  void operator()(void* p) const { fftw_free(p); }
};
template <typename T>
using FftwBuffer = std::unique_ptr<T[], FftwFree>;

template <typename T>
FftwBuffer<T> Allocate(size_t n) {
  return FftwBuffer<T>(static_cast<T*>(fftw_malloc(n * sizeof(T))));
}

// FFTW's planner keeps global state: only fftw_execute is thread-safe, so plans are made and
// destroyed under one lock (batch extraction runs many cases at once).
std::mutex& PlannerMutex() {
  static std::mutex mutex;
  return mutex;
}

template <typename MakePlan>
void ExecuteOnce(MakePlan make_plan) {
  fftw_plan plan;
  {
    const std::lock_guard lock(PlannerMutex());
    plan = make_plan();
  }
  fftw_execute(plan);
  const std::lock_guard lock(PlannerMutex());
  fftw_destroy_plan(plan);
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

  // Linear (not circular) correlation needs at least 2n - 1 samples along each axis.
  imaging::Index3 n{};
  imaging::Index3 len{};
  for (size_t d = 0; d < 3; ++d) {
    n[d] = hi[d] - lo[d] + 1;
    len[d] = FftSize(2 * n[d] - 1);
  }
  const auto real_size = static_cast<size_t>(len[0] * len[1] * len[2]);
  const auto half = len[2] / 2 + 1;  // FFTW's r2c keeps half of the last (row-major) axis
  const auto complex_size = static_cast<size_t>(len[0] * len[1] * half);
  // FFTW arrays are row-major: axis 0 of the box (i) is the slowest, so flat = (i*L1 + j)*L2 + k.
  const auto flat = [&](int64_t i, int64_t j, int64_t k) {
    return static_cast<size_t>((i * len[1] + j) * len[2] + k);
  };

  auto kernel = Allocate<double>(real_size);
  auto roi = Allocate<double>(real_size);
  auto centred = Allocate<double>(real_size);
  std::fill_n(kernel.get(), real_size, 0.0);
  std::fill_n(roi.get(), real_size, 0.0);
  std::fill_n(centred.get(), real_size, 0.0);
  double sum_y2 = 0;
  for (int64_t k = 0; k < n[2]; ++k) {
    for (int64_t j = 0; j < n[1]; ++j) {
      for (int64_t i = 0; i < n[0]; ++i) {
        const auto v =
            static_cast<size_t>((lo[0] + i) + size[0] * ((lo[1] + j) + size[1] * (lo[2] + k)));
        if (!mask[v]) continue;
        const double y = intensity[v] - mean;
        roi[flat(i, j, k)] = 1;
        centred[flat(i, j, k)] = y;
        sum_y2 += y * y;
      }
    }
  }
  if (sum_y2 == 0) return {kNaN, kNaN};
  // Offsets -(n-1)..(n-1) wrap around to the end of each axis.
  for (int64_t dk = -(n[2] - 1); dk < n[2]; ++dk) {
    for (int64_t dj = -(n[1] - 1); dj < n[1]; ++dj) {
      for (int64_t di = -(n[0] - 1); di < n[0]; ++di) {
        if (di == 0 && dj == 0 && dk == 0) continue;
        const double x = static_cast<double>(di) * spacing[0];
        const double y = static_cast<double>(dj) * spacing[1];
        const double z = static_cast<double>(dk) * spacing[2];
        kernel[flat((di + len[0]) % len[0], (dj + len[1]) % len[1], (dk + len[2]) % len[2])] =
            1 / std::sqrt(x * x + y * y + z * z);
      }
    }
  }

  auto kernel_hat = Allocate<fftw_complex>(complex_size);
  auto roi_hat = Allocate<fftw_complex>(complex_size);
  auto centred_hat = Allocate<fftw_complex>(complex_size);
  const int dims[3] = {static_cast<int>(len[0]), static_cast<int>(len[1]),
                       static_cast<int>(len[2])};
  const auto forward = [&](double* in, fftw_complex* out) {
    ExecuteOnce([&] { return fftw_plan_dft_r2c(3, dims, in, out, FFTW_ESTIMATE); });
  };
  forward(kernel.get(), kernel_hat.get());
  forward(roi.get(), roi_hat.get());
  forward(centred.get(), centred_hat.get());
  // The kernel is symmetric, so correlation equals convolution: multiply the spectra.
  for (size_t f = 0; f < complex_size; ++f) {
    const std::complex<double> kh(kernel_hat[f][0], kernel_hat[f][1]);
    const std::complex<double> m = kh * std::complex<double>(roi_hat[f][0], roi_hat[f][1]);
    const std::complex<double> y =
        kh * std::complex<double>(centred_hat[f][0], centred_hat[f][1]);
    roi_hat[f][0] = m.real();
    roi_hat[f][1] = m.imag();
    centred_hat[f][0] = y.real();
    centred_hat[f][1] = y.imag();
  }
  // c2r overwrites its input, which is no longer needed; the inputs become the outputs.
  auto conv_m = std::move(kernel);
  auto conv_y = Allocate<double>(real_size);
  const auto backward = [&](fftw_complex* in, double* out) {
    ExecuteOnce([&] { return fftw_plan_dft_c2r(3, dims, in, out, FFTW_ESTIMATE); });
  };
  backward(roi_hat.get(), conv_m.get());
  backward(centred_hat.get(), conv_y.get());

  // FFTW's transforms are unnormalised: a round trip scales by the number of samples.
  const double scale = 1.0 / static_cast<double>(real_size);
  double weights = 0;
  double cross = 0;
  double squares = 0;
  for (int64_t i = 0; i < n[0]; ++i) {
    for (int64_t j = 0; j < n[1]; ++j) {
      for (int64_t k = 0; k < n[2]; ++k) {
        const size_t f = flat(i, j, k);
        if (roi[f] == 0) continue;
        const double y = centred[f];
        weights += conv_m[f] * scale;
        cross += y * conv_y[f] * scale;
        squares += y * y * conv_m[f] * scale;
      }
    }
  }
  const auto nroi = static_cast<double>(count);
  SpatialAutocorrelation result;
  result.morans_i = nroi / weights * cross / sum_y2;
  result.gearys_c = (nroi - 1) / (2 * weights) * (2 * squares - 2 * cross) / sum_y2;
  return result;
}

}  // namespace radfed::radiomics::morphology
