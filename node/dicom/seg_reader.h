// SegReader: one segment of a DICOM Segmentation (SEG) object placed on an image grid.
//
// The segment is chosen by SegmentLabel (exact, then ignoring case) or by SegmentNumber; an
// empty choice selects the only segment. A SEG and a grid that both name their frame of
// reference must name the same one (Grid::frame_of_reference_uid), unless the SEG references
// one of the grid's slices (Grid::slice_sop_instance_uids). Every frame whose
// SegmentIdentificationSequence names that segment is placed through its PlanePositionSequence
// and the PlaneOrientationSequence and PixelMeasuresSequence (per-frame or shared): its pixel
// lattice must coincide with the grid's (each frame step one voxel along i or j, the frame on a
// slice plane, all to within a quarter of a voxel), so cropped or flipped frames map exactly and
// nothing is interpolated. Several frames of one segment on the same slice are combined (union);
// segments are never mixed, so overlapping segments stay separate. A frame that has voxels
// outside the grid is an error; an empty frame there is ignored, since writers often export
// empty frames for every source slice.
//
// BINARY segmentations hold 1 bit per pixel, packed with the bits running on across frame
// boundaries (frame f starts at bit f * rows * columns, which need not be a byte boundary).
// FRACTIONAL segmentations (8 bits) count a voxel as inside when its value is at least half of
// MaximumFractionalValue, the usual 0.5 cut for both PROBABILITY and OCCUPANCY.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/imaging/volume_reader.h"

namespace radfed::dicom {

struct SegSegment {
  long number = 0;
  std::string label;
};

// The segments of a SEG object, in file order.
Result<std::vector<SegSegment>> SegSegments(const std::filesystem::path& path);

// Places segment `segment` (label or number; empty: the only one) on `reference`.
Result<imaging::Mask> ReadSegMask(const std::filesystem::path& path, std::string_view segment,
                                  const imaging::Grid& reference);

class SegReader final : public imaging::VolumeReader {
 public:
  std::string_view name() const override { return "DICOM SEG"; }
  // A DICOM Part 10 file whose meta header says Segmentation Storage.
  bool CanRead(const std::filesystem::path& path) const override;
  // A segmentation is not an image: always InvalidArgument.
  Result<imaging::Image> ReadImage(const std::filesystem::path& path) const override;
  Result<imaging::Mask> ReadMask(const std::filesystem::path& path, std::string_view roi,
                                 const imaging::Grid& reference) const override;
};

}  // namespace radfed::dicom
