// libFuzzer target: an RT Structure Set through RtStructReader, its only (or first named) ROI
// rasterised on the grids of two test series the seed structure sets were drawn on.
#include <cstddef>
#include <cstdint>

#include "node/dicom/rtstruct_reader.h"
#include "tests/fuzz/fuzz_input_file.h"
#include "tests/fuzz/reference_grids.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static radfed::fuzz::FuzzInputFile file;
  static const radfed::dicom::RtStructReader reader;
  static const auto grids = radfed::fuzz::LoadReferenceGrids(
      {"dicom/rtutils_phantom_2slice", "dicom/orthanc_lctsc_1slice"});
  const auto& path = file.Write("input.dcm", data, size);
  if (!reader.CanRead(path)) return 0;
  auto names = radfed::dicom::RtStructRoiNames(path);
  const std::string roi = names.ok() && !names->empty() ? names->front() : "";
  for (const auto& grid : grids) (void)reader.ReadMask(path, roi, grid);
  return 0;
}
