// DICOM loading cost: the 60-slice IBSI CT phantom series (tests/data/ibsi/ibsi1_ct_phantom/dicom,
// 204 x 201 x 60 voxels) read and sorted by DicomSeriesReader, its RTSTRUCT's GTV-1 rasterised on
// that grid, and both together as `extract` does. Built by CI, run by hand:
//   build/<dir>/bench/dicom/dicom_load_bench [--benchmark_filter=...]
// Target (issue 5): series plus RTSTRUCT under 100 ms, a small fraction of feature extraction.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "node/dicom/dicom_series_reader.h"
#include "node/dicom/rtstruct_reader.h"

namespace radfed::dicom {
namespace {

const std::string kPhantom = std::string(RADFED_TEST_DATA_DIR) + "/ibsi/ibsi1_ct_phantom/dicom";
const std::string kSeries = kPhantom + "/image";
const std::string kRtStruct = kPhantom + "/mask/DCM_RS_00060.dcm";
constexpr char kRoi[] = "GTV-1";

template <typename T>
T Check(Result<T> result) {
  if (!result.ok()) {
    std::fprintf(stderr, "dicom_load_bench: %s\n", result.status().ToString().c_str());
    std::abort();
  }
  return std::move(result).value();
}

void BM_ReadCtPhantomSeries(benchmark::State& state) {
  for (auto _ : state) {
    DicomSeries series = Check(ReadDicomSeries(kSeries));
    benchmark::DoNotOptimize(series.image.voxels.data());
  }
  state.counters["slices"] = 60;
}
BENCHMARK(BM_ReadCtPhantomSeries)->Unit(benchmark::kMillisecond);

void BM_RasteriseCtPhantomRtStruct(benchmark::State& state) {
  const DicomSeries series = Check(ReadDicomSeries(kSeries));
  for (auto _ : state) {
    imaging::Mask mask = Check(ReadRtStructMask(kRtStruct, kRoi, series.image.grid, &series));
    benchmark::DoNotOptimize(mask.voxels.data());
  }
}
BENCHMARK(BM_RasteriseCtPhantomRtStruct)->Unit(benchmark::kMillisecond);

void BM_LoadCtPhantomSeriesAndRtStruct(benchmark::State& state) {
  for (auto _ : state) {
    DicomSeries series = Check(ReadDicomSeries(kSeries));
    imaging::Mask mask = Check(ReadRtStructMask(kRtStruct, kRoi, series.image.grid, &series));
    benchmark::DoNotOptimize(mask.voxels.data());
  }
}
BENCHMARK(BM_LoadCtPhantomSeriesAndRtStruct)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace radfed::dicom

BENCHMARK_MAIN();
