// Resampling of images and masks onto an interpolation grid (IBSI 1, section 2.4, VTM2).
#pragma once

#include <vector>

#include "common/status.h"
#include "node/imaging/volume.h"
#include "node/radiomics/extraction_params.h"
#include "node/radiomics/preprocessing/voxel_box.h"

namespace radfed::radiomics {

// The interpolation grid of `grid` for `params.spacing_mm` (only i and j with in_plane_only):
// per axis n_new = ceil(n * s / s_new) voxels (IBSI 1: 026Q) whose centre coincides with the
// original grid's centre (IBSI 1: 3WE3, QCY4); the direction is unchanged. A grid of more than
// imaging::kMaxVoxels voxels (a spacing far finer than the image's) is refused (InvalidArgument,
// naming interpolation.spacing_mm).
Result<imaging::Grid> InterpolationGrid(const imaging::Grid& grid,
                                        const InterpolationParams& params);

// The values of `source` at the centres of the voxels of `box` of `target`, in the box's Offset
// order. `target` must share the source's direction (InterpolationGrid guarantees it). Points
// beyond the source's outer voxel centres take the nearest boundary value (IBSI 1: 026Q).
// Nearest neighbour, linear (bi-/trilinear) and cubic B-spline (with its interpolating
// prefilter, mirror boundary) are separable, so they run as one 1D pass per axis over only the
// source voxels the box needs. With round_source the source intensities are first rounded to
// integers (ExtractionParams::round_input_intensities).
std::vector<float> Resample(const imaging::Image& source, const imaging::Grid& target,
                            const VoxelBox& box, Interpolator kind, bool round_source = false);

// The same for a mask: the interpolated fraction (0..1 for nearest and linear) of the ROI.
std::vector<float> Resample(const imaging::Mask& source, const imaging::Grid& target,
                            const VoxelBox& box, Interpolator kind);

// The smallest box of `target` outside which interpolating a source that is zero outside
// `source_box` gives (practically) zero: exactly for nearest and linear; for the cubic spline,
// whose prefilter spreads every voxel along its line with weights falling by 0.27 per voxel, the
// source box is first grown by 4 voxels (residues below 0.05 of the voxel's value).
VoxelBox TargetBoxReached(const imaging::Grid& source, const imaging::Grid& target,
                          const VoxelBox& source_box, Interpolator kind);

}  // namespace radfed::radiomics
