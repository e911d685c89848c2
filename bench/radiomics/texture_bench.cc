// Texture family cost on an ROI the size of IBSI configuration C (the CT phantom's GTV after
// 2 mm isotropic resampling: about 30k voxels, fixed bin size 25 HU giving about 60 levels).
// Built by CI, run by hand:
//   build/<dir>/bench/radiomics/texture_bench [--benchmark_filter=...]
//
// The ROI is a synthetic ellipsoid whose grey levels vary smoothly with noise on top, so that
// matrices are neither trivially sparse nor uniform. Target: a few milliseconds per family in 3D.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "node/radiomics/texture/glcm.h"
#include "node/radiomics/texture/gldzm.h"
#include "node/radiomics/texture/glrlm.h"
#include "node/radiomics/texture/glszm.h"
#include "node/radiomics/texture/ngldm.h"
#include "node/radiomics/texture/ngtdm.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {
namespace {

constexpr int32_t kLevels = 60;

TextureInput ConfigCSizedRoi() {
  TextureInput input;
  input.size = {44, 40, 36};
  input.spacing = {2, 2, 2};
  const auto n = static_cast<size_t>(input.size[0] * input.size[1] * input.size[2]);
  input.grey.assign(n, 0);
  input.morphological.assign(n, 0);
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0, 3);
  for (int64_t k = 0; k < input.size[2]; ++k) {
    for (int64_t j = 0; j < input.size[1]; ++j) {
      for (int64_t i = 0; i < input.size[0]; ++i) {
        const double x = (i - 21.5) / 22, y = (j - 19.5) / 20, z = (k - 17.5) / 18;
        if (x * x + y * y + z * z > 1) continue;
        const double smooth =
            30 + 20 * std::sin(i / 6.0) * std::cos(j / 8.0) + 8 * std::sin(k / 5.0);
        const auto level = static_cast<int32_t>(std::lround(smooth + noise(rng)));
        const int64_t v = input.Offset(i, j, k);
        input.grey[v] = std::clamp(level, 1, kLevels);
        input.morphological[v] = 1;
      }
    }
  }
  input.num_levels = kLevels;
  return input;
}

using FamilyFunction = void (*)(const TextureInput&, const ExtractionParams&, FeatureList&);

void BM_Family(benchmark::State& state, FamilyFunction compute, TextureDimension dimension) {
  const TextureInput input = ConfigCSizedRoi();
  ExtractionParams params;
  params.texture_dimensions = {dimension};
  int64_t voxels = 0;
  for (int32_t g : input.grey) voxels += g > 0;
  for (auto _ : state) {
    FeatureList features;
    compute(input, params, features);
    benchmark::DoNotOptimize(features.data());
  }
  state.counters["roi_voxels"] = static_cast<double>(voxels);
}

BENCHMARK_CAPTURE(BM_Family, glcm_3d, ComputeGlcmFeatures, TextureDimension::k3D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, glcm_2d, ComputeGlcmFeatures, TextureDimension::k2D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, glrlm_3d, ComputeGlrlmFeatures, TextureDimension::k3D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, glrlm_2d, ComputeGlrlmFeatures, TextureDimension::k2D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, ngtdm_3d, ComputeNgtdmFeatures, TextureDimension::k3D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, ngtdm_2d, ComputeNgtdmFeatures, TextureDimension::k2D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, glszm_3d, ComputeGlszmFeatures, TextureDimension::k3D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, glszm_2d, ComputeGlszmFeatures, TextureDimension::k2D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, gldzm_3d, ComputeGldzmFeatures, TextureDimension::k3D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, gldzm_2d, ComputeGldzmFeatures, TextureDimension::k2D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, ngldm_3d, ComputeNgldmFeatures, TextureDimension::k3D)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, ngldm_2d, ComputeNgldmFeatures, TextureDimension::k2D)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace radfed::radiomics

BENCHMARK_MAIN();
