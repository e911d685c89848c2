// libFuzzer target: NRRD bytes (attached data, any encoding) through NrrdReader, as image and as
// a label-map mask on the grid the image read gave.
#include <cstddef>
#include <cstdint>

#include "node/imaging/nrrd_reader.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static radfed::fuzz::FuzzInputFile file;
  static const radfed::imaging::NrrdReader reader;
  const auto& path = file.Write("input.nrrd", data, size);
  if (!reader.CanRead(path)) return 0;
  auto image = reader.ReadImage(path);
  if (image.ok()) (void)reader.ReadMask(path, "", image->grid);
  return 0;
}
