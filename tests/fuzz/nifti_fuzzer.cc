// libFuzzer target: NIfTI bytes (plain or gzip-compressed) through NiftiReader, as image and as a
// label-map mask on the grid the image read gave.
#include <cstddef>
#include <cstdint>

#include "node/imaging/nifti_reader.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static radfed::fuzz::FuzzInputFile file;
  static const radfed::imaging::NiftiReader reader;
  const auto& path = file.Write(radfed::fuzz::IsGzip(data, size) ? "input.nii.gz" : "input.nii", data, size);
  if (!reader.CanRead(path)) return 0;
  auto image = reader.ReadImage(path);
  if (image.ok()) (void)reader.ReadMask(path, "", image->grid);
  return 0;
}
