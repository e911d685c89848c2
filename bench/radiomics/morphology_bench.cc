// Morphology cost on ROIs the size of the IBSI CT phantom's GTV: as in configuration A (box of
// 114 x 113 x 32 voxels of 0.977 x 0.977 x 3 mm, about 125k inside) and as in configuration C
// (57 x 57 x 48 voxels of 2 mm, about 46k inside). Built by CI, run by hand:
//   build/<dir>/bench/radiomics/morphology_bench [--benchmark_filter=...]
//
// The ROI is a synthetic ellipsoid with a bumpy surface, so that the mesh holds the ambiguous
// and non-planar cube configurations of real masks. Each part of the family runs on both ROIs;
// figures are in docs/performance.md.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "node/radiomics/morphology/convex_hull.h"
#include "node/radiomics/morphology/enclosing_shapes.h"
#include "node/radiomics/morphology/morphology_features.h"
#include "node/radiomics/morphology/spatial_autocorrelation.h"
#include "node/radiomics/morphology/surface_mesh.h"

namespace radfed::radiomics {
namespace {

ProcessedRoi EllipsoidRoi(const imaging::Index3& size, const imaging::Vec3& spacing) {
  ProcessedRoi roi;
  roi.size = size;
  roi.spacing = spacing;
  const auto n = static_cast<size_t>(size[0] * size[1] * size[2]);
  roi.intensity.assign(n, 0);
  roi.morphological.assign(n, 0);
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 40);
  for (int64_t k = 0; k < size[2]; ++k) {
    for (int64_t j = 0; j < size[1]; ++j) {
      for (int64_t i = 0; i < size[0]; ++i) {
        const double x = 2.0 * static_cast<double>(i) / static_cast<double>(size[0] - 1) - 1;
        const double y = 2.0 * static_cast<double>(j) / static_cast<double>(size[1] - 1) - 1;
        const double z = 2.0 * static_cast<double>(k) / static_cast<double>(size[2] - 1) - 1;
        const double bumps = 0.08 * std::sin(7 * x) * std::cos(5 * y) + 0.05 * std::sin(9 * z);
        const int64_t v = roi.Offset(i, j, k);
        roi.intensity[static_cast<size_t>(v)] = static_cast<float>(20 + noise(rng));
        if (x * x + y * y + z * z <= 0.9 + bumps) roi.morphological[static_cast<size_t>(v)] = 1;
      }
    }
  }
  roi.intensity_mask = roi.morphological;
  return roi;
}

ProcessedRoi ConfigARoi() { return EllipsoidRoi({114, 113, 32}, {0.977, 0.977, 3}); }
ProcessedRoi ConfigCRoi() { return EllipsoidRoi({57, 57, 48}, {2, 2, 2}); }

void BM_Mesh(benchmark::State& state, ProcessedRoi (*make)()) {
  const ProcessedRoi roi = make();
  size_t triangles = 0;
  for (auto _ : state) {
    const morphology::SurfaceMesh mesh =
        morphology::BuildSurfaceMesh(roi.morphological, roi.size, roi.spacing);
    triangles = mesh.triangles.size();
    benchmark::DoNotOptimize(mesh.vertices.data());
  }
  state.counters["triangles"] = static_cast<double>(triangles);
}

// The parts of the family after the mesh.
struct Parts {
  explicit Parts(ProcessedRoi (*make)()) : roi(make()) {}
  ProcessedRoi roi;
  morphology::SurfaceMesh mesh =
      morphology::BuildSurfaceMesh(roi.morphological, roi.size, roi.spacing);
  morphology::ConvexHull hull = *morphology::ComputeConvexHull(mesh.vertices);
};

const Parts& PartsOf(ProcessedRoi (*make)()) {
  static const Parts a(ConfigARoi);
  static const Parts c(ConfigCRoi);
  return make == ConfigARoi ? a : c;
}

void BM_ConvexHull(benchmark::State& state, ProcessedRoi (*make)()) {
  const Parts& p = PartsOf(make);
  for (auto _ : state) benchmark::DoNotOptimize(morphology::ComputeConvexHull(p.mesh.vertices).ok());
  state.counters["hull_vertices"] = static_cast<double>(p.hull.vertices.size());
  state.counters["hull_facets"] = static_cast<double>(p.hull.facet_normals.size());
}

void BM_OrientedMinimumBoundingBox(benchmark::State& state, ProcessedRoi (*make)()) {
  const Parts& p = PartsOf(make);
  for (auto _ : state) {
    benchmark::DoNotOptimize(morphology::OrientedMinimumBoundingBox(p.hull).volume);
  }
}

void BM_MinimumVolumeEnclosingEllipsoid(benchmark::State& state, ProcessedRoi (*make)()) {
  const Parts& p = PartsOf(make);
  for (auto _ : state) {
    benchmark::DoNotOptimize(morphology::MinimumVolumeEnclosingEllipsoid(p.hull.vertices)[0]);
  }
}

void BM_SpatialAutocorrelation(benchmark::State& state, ProcessedRoi (*make)()) {
  const Parts& p = PartsOf(make);
  for (auto _ : state) {
    benchmark::DoNotOptimize(morphology::ComputeSpatialAutocorrelation(
                                 p.roi.intensity, p.roi.intensity_mask, p.roi.size, p.roi.spacing)
                                 .morans_i);
  }
}

void BM_Family(benchmark::State& state, ProcessedRoi (*make)()) {
  const ProcessedRoi roi = make();
  for (auto _ : state) {
    FeatureList features;
    ComputeMorphologyFeatures(roi, features);
    benchmark::DoNotOptimize(features.data());
  }
}

BENCHMARK_CAPTURE(BM_Mesh, config_a, ConfigARoi)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Mesh, config_c, ConfigCRoi)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ConvexHull, config_a, ConfigARoi)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ConvexHull, config_c, ConfigCRoi)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OrientedMinimumBoundingBox, config_a, ConfigARoi)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OrientedMinimumBoundingBox, config_c, ConfigCRoi)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MinimumVolumeEnclosingEllipsoid, config_a, ConfigARoi)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MinimumVolumeEnclosingEllipsoid, config_c, ConfigCRoi)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpatialAutocorrelation, config_a, ConfigARoi)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpatialAutocorrelation, config_c, ConfigCRoi)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, config_a, ConfigARoi)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Family, config_c, ConfigCRoi)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace radfed::radiomics

BENCHMARK_MAIN();
