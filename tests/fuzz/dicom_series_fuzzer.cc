// libFuzzer target: one DICOM file through DicomSeriesReader (a series of one file: single- or
// multi-frame, any transfer syntax DCMTK decodes).
#include <cstddef>
#include <cstdint>

#include "node/dicom/dicom_series_reader.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static radfed::fuzz::FuzzInputFile file;
  static const radfed::dicom::DicomSeriesReader reader;
  const auto& path = file.Write("input.dcm", data, size);
  if (!reader.CanRead(path)) return 0;
  (void)reader.ReadImage(path);
  return 0;
}
