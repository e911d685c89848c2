// RtStructReader: one ROI of a DICOM RT Structure Set rasterised on an image grid.
//
// The ROI is chosen by ROIName (exact, then ignoring case, then by ROINumber); an empty name
// selects the only ROI. Its CLOSED_PLANAR contours are placed on slice k of the grid through
// their ContourImageSequence reference when it names one of the grid's slices
// (Grid::slice_sop_instance_uids), and otherwise by position: the contour's plane must coincide
// with a slice plane to within half a slice, and the ROI and the grid must be in the same frame
// of reference when both name theirs. (SOP references win because anonymisation tools sometimes
// rewrite one object's FrameOfReferenceUID and not the other's.) Contours outside the image's
// slab are ignored, since structure sets often cover more slices than were exported. On each
// slice the voxels whose centres lie inside an odd number of contours form the mask (even-odd
// rule: holes and several islands per slice; see polygon_fill.h for the edge convention).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/dicom/dicom_series_reader.h"
#include "node/imaging/volume_reader.h"

namespace radfed::dicom {

// The names of the ROIs in an RTSTRUCT, in file order.
Result<std::vector<std::string>> RtStructRoiNames(const std::filesystem::path& path);

// Rasterises ROI `roi` on `reference`. `series`, when given, is the image the contours were drawn
// on: its grid's frame of reference and slice UIDs are used instead of `reference`'s.
Result<imaging::Mask> ReadRtStructMask(const std::filesystem::path& path, std::string_view roi,
                                       const imaging::Grid& reference,
                                       const DicomSeries* series = nullptr);

class RtStructReader final : public imaging::VolumeReader {
 public:
  std::string_view name() const override { return "DICOM RTSTRUCT"; }
  // A DICOM Part 10 file whose meta header says RT Structure Set Storage.
  bool CanRead(const std::filesystem::path& path) const override;
  // A structure set holds no image: always InvalidArgument.
  Result<imaging::Image> ReadImage(const std::filesystem::path& path) const override;
  Result<imaging::Mask> ReadMask(const std::filesystem::path& path, std::string_view roi,
                                 const imaging::Grid& reference) const override;
};

}  // namespace radfed::dicom
