// libFuzzer target: a DICOM SEG object through SegReader, its first segment placed on the grids
// of the two test series the seed segmentations were made on.
#include <cstddef>
#include <cstdint>

#include "node/dicom/seg_reader.h"
#include "tests/fuzz/fuzz_input_file.h"
#include "tests/fuzz/reference_grids.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static radfed::fuzz::FuzzInputFile file;
  static const radfed::dicom::SegReader reader;
  static const auto grids = radfed::fuzz::LoadReferenceGrids(
      {"dicom/dcmqi_ct3slice_seg/ct", "dicom/pydicom_ct_highdicom_seg/CT_small.dcm"});
  const auto& path = file.Write("input.dcm", data, size);
  if (!reader.CanRead(path)) return 0;
  auto segments = radfed::dicom::SegSegments(path);
  const std::string segment = segments.ok() && !segments->empty() ? std::to_string(segments->front().number) : "";
  for (const auto& grid : grids) (void)reader.ReadMask(path, segment, grid);
  return 0;
}
