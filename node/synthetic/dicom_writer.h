// Writes a synthetic CT series and its RTSTRUCT as a scanner and a treatment-planning system
// would: one CT Image Storage file per slice (explicit little endian, or RLE lossless when the
// acquisition says so) and an RT Structure Set whose contours reference their slices by SOP
// Instance UID; for sites with `segmentation_object`, also a DICOM SEG of the same tumour (the
// RTSTRUCT's contours rasterised on the CT grid).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/synthetic/acquisition.h"
#include "node/synthetic/ct_synthesizer.h"
#include "node/synthetic/patient_model.h"

namespace radfed::synthetic {

struct WrittenStudy {
  std::filesystem::path series_dir;  // the CT slices
  std::filesystem::path rtstruct;    // the structure set (ROI "GTV")
  std::filesystem::path segmentation;  // the SEG (segment "GTV"), or empty
};

// Writes under `dir` (created): `ct/0001.dcm` ..., `rtstruct.dcm` and maybe `seg.dcm`. UIDs derive from
// `uid_seed` and the patient id, so rerunning reproduces identical files.
Result<WrittenStudy> WriteDicomStudy(const std::filesystem::path& dir, const Patient& patient,
                                     const Acquisition& acquisition, const SyntheticCt& ct,
                                     uint64_t uid_seed);

}  // namespace radfed::synthetic
