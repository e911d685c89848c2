// NiftiReader: NIfTI-1 images and masks (.nii, .nii.gz), one file with header and voxels.
//
// Orientation comes from the sform when its code is set, otherwise from the qform, otherwise from
// the voxel sizes alone; NIfTI's RAS world coordinates are converted to radfed's LPS. Voxel
// values are scaled by scl_slope/scl_inter when the slope is set. 4D files must have one volume.
#pragma once

#include "node/imaging/volume_reader.h"

namespace radfed::imaging {

class NiftiReader final : public VolumeReader {
 public:
  std::string_view name() const override { return "NIfTI"; }
  bool CanRead(const std::filesystem::path& path) const override;
  Result<Image> ReadImage(const std::filesystem::path& path) const override;
  // A label map on the image grid: `roi` empty selects every non-zero voxel, a number selects that
  // label.
  Result<Mask> ReadMask(const std::filesystem::path& path, std::string_view roi,
                        const Grid& reference) const override;
};

// Selects a mask from label values (shared by the label-map readers): `roi` empty takes
// non-zero voxels, otherwise the label number `roi`; the grid must equal `reference`.
Result<Mask> LabelMapToMask(const Volume<double>& labels, std::string_view roi, const Grid& reference,
                            const std::filesystem::path& path);

}  // namespace radfed::imaging
