#include "tests/fuzz/reference_grids.h"

#include <cstdio>
#include <cstdlib>

#include "node/dicom/dicom_series_reader.h"

namespace radfed::fuzz {

std::vector<imaging::Grid> LoadReferenceGrids(const std::vector<std::string>& directories) {
  std::vector<imaging::Grid> grids;
  for (const auto& directory : directories) {
    auto series = dicom::ReadDicomSeries(std::string(RADFED_TEST_DATA_DIR) + "/" + directory);
    if (!series.ok()) {
      std::fprintf(stderr, "fuzzer: reference series %s: %s\n", directory.c_str(), series.status().ToString().c_str());
      std::abort();
    }
    grids.push_back(series->image.grid);
  }
  return grids;
}

}  // namespace radfed::fuzz
