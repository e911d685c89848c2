// GenerateCohort: a site's synthetic cohort on disk — DICOM studies, a clinical table with
// outcomes, and an extraction manifest — for demos and tests. Deterministic in (site, seed).
//
// Layout under `out`:
//   <patient>/ct/0001.dcm ...   CT series (the site's scanner settings)
//   <patient>/rtstruct.dcm      RT Structure Set with ROI "GTV"
//   <patient>/seg.dcm           DICOM SEG with segment "GTV" (sites whose tumours come as SEG)
//   clinical.csv                patient_id,age,sex,ecog,os_days,os_event,response
//   manifest.csv                case_id,image,mask,roi (paths relative to `out`)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "common/status.h"

namespace radfed::synthetic {

struct CohortOptions {
  std::string site = "site-a";
  int patients = 60;
  uint64_t seed = 1;
  std::filesystem::path out;
  int threads = 1;
};

struct CohortSummary {
  int patients = 0;
  int events = 0;
  int responders = 0;
};

// `progress(done, total)` is called after each patient (from worker threads, serialised).
Result<CohortSummary> GenerateCohort(const CohortOptions& options,
                                     const std::function<void(int, int)>& progress = nullptr);

}  // namespace radfed::synthetic
