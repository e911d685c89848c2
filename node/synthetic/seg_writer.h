// Writes a binary DICOM Segmentation of one segment, as an automatic contouring tool exports
// a tumour: one bit-packed frame per CT slice the segment touches, each placed by its per-frame
// plane position and referencing its source slice.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/imaging/volume.h"
#include "node/synthetic/patient_model.h"

namespace radfed::synthetic {

// The CT series the segmentation was drawn on.
struct SegmentationSource {
  const Patient* patient = nullptr;  // must remain live during the call
  std::string study_uid;
  std::string frame_of_reference_uid;
  std::string series_uid;
  std::vector<std::string> slice_uids;  // SOPInstanceUID of slice k
  uint64_t uid_seed = 0;
};

// Writes `mask` (on the CT's grid: axial, identity direction) as segment 1 labelled `label` to
// `path`. Slices without a voxel of the segment get no frame; an empty mask is an error.
Status WriteBinarySegmentation(const std::filesystem::path& path, const imaging::Mask& mask,
                               const std::string& label, const SegmentationSource& source);

}  // namespace radfed::synthetic
