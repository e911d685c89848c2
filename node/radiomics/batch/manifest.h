// The cohort manifest of `radfed-node extract-batch`: one case per row.
//
//   case_id,image,mask,roi
//   P001,P001/ct,P001/rtstruct.dcm,GTV
//
// `image` is a file or a DICOM series directory, `mask` a mask file (NIfTI, NRRD, RTSTRUCT, SEG),
// `roi` the ROI name, segment or label (may be empty). Relative paths are relative to the
// manifest's directory, so a manifest moves with its cohort.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::radiomics {

struct ManifestCase {
  std::string case_id;
  std::filesystem::path image;
  std::filesystem::path mask;
  std::string roi;
};

// Errors name the manifest and the line: missing columns, an empty case id or path, a case id
// given twice.
Result<std::vector<ManifestCase>> ReadManifest(const std::filesystem::path& path);

}  // namespace radfed::radiomics
