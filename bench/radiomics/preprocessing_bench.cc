// Pre-processing cost (BuildProcessedRoi) on an image the size of the IBSI CT phantom
// (204 x 201 x 60 voxels of 0.977 x 0.977 x 3 mm) with a tumour-sized ROI (about 125k voxels,
// like its GTV), for the settings of IBSI configurations A, B and C and for C with cubic
// splines. Built by CI, run by hand:
//   build/<dir>/bench/radiomics/preprocessing_bench [--benchmark_filter=...]
// Target: configuration C in a few to tens of milliseconds (only the ROI box is interpolated).
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "node/radiomics/preprocessing/roi_builder.h"

namespace radfed::radiomics {
namespace {

struct Case {
  imaging::Image image;
  imaging::Mask mask;
};

const Case& PhantomSizedCase() {
  static const Case c = [] {
    imaging::Grid grid;
    grid.size = {204, 201, 60};
    grid.spacing = {0.977, 0.977, 3};
    Case out{imaging::Image(grid), imaging::Mask(grid)};
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(0, 40);
    for (int64_t k = 0; k < 60; ++k)
      for (int64_t j = 0; j < 201; ++j)
        for (int64_t i = 0; i < 204; ++i) {
          const double x = (i - 110) / 50.0, y = (j - 95) / 49.0, z = (k - 30) / 13.0;
          const bool inside = x * x + y * y + z * z <= 1;
          out.image.at(i, j, k) = static_cast<float>(std::round((inside ? 20 : -700) + noise(rng)));
          out.mask.at(i, j, k) = inside;
        }
    return out;
  }();
  return c;
}

ExtractionParams Config(char config) {
  ExtractionParams p;
  p.round_input_intensities = true;
  p.families = {FeatureFamily::kGlcm, FeatureFamily::kIntensityHistogram,
                FeatureFamily::kIntensityVolumeHistogram};
  p.range_min = config == 'C' ? -1000 : -500;
  p.range_max = 400;
  p.texture = config == 'B' ? DiscretisationParams{DiscretisationMethod::kFixedBinNumber, 0, 32}
                            : DiscretisationParams{DiscretisationMethod::kFixedBinSize, 25, 0};
  p.histogram = p.texture;
  if (config == 'C') p.ivh = {DiscretisationMethod::kFixedBinSize, 2.5, 0};
  if (config != 'A') {
    p.interpolation.enabled = true;
    p.interpolation.spacing_mm = {2, 2, 2};
    p.interpolation.in_plane_only = config == 'B';
    p.interpolation.round_intensities = true;
  }
  return p;
}

void BM_BuildProcessedRoi(benchmark::State& state, ExtractionParams params) {
  const Case& c = PhantomSizedCase();
  for (auto _ : state) {
    auto roi = BuildProcessedRoi(c.image, c.mask, params);
    if (!roi.ok()) state.SkipWithError(roi.status().ToString().c_str());
    benchmark::DoNotOptimize(roi);
  }
}

ExtractionParams SplineC() {
  ExtractionParams p = Config('C');
  p.interpolation.image = Interpolator::kCubicSpline;
  return p;
}

BENCHMARK_CAPTURE(BM_BuildProcessedRoi, config_A, Config('A'))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BuildProcessedRoi, config_B, Config('B'))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BuildProcessedRoi, config_C, Config('C'))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BuildProcessedRoi, config_C_cubic_spline, SplineC())
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace radfed::radiomics

BENCHMARK_MAIN();
