// BuildProcessedRoi: IBSI 1 pre-processing of one image and mask into a ProcessedRoi.
//
// Steps, in IBSI order (IBSI 1, chapter 2): round input intensities (when asked); interpolate
// image and mask onto the new grid (resampling.h), round intensities and threshold the mask at
// mask_threshold; re-segment the intensity mask (resegmentation.h); discretise for texture, the
// intensity histogram and the IVH (discretisation.h).
//
// The result is cropped to the bounding box of the morphological mask grown by
// ceil(6.3 mm / spacing) voxels per axis (clipped to the image): the 1 cm^3 sphere of local
// intensity peak (radius 6.2 mm) then sees every voxel around the ROI it would see in the image.
// Only that box is interpolated, so large images cost little beyond the scan of their mask.
#pragma once

#include "common/status.h"
#include "node/imaging/volume.h"
#include "node/radiomics/extraction_params.h"
#include "node/radiomics/preprocessing/preprocessing_report.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics {

// Discretisation groups whose families are not in params.families are skipped (their levels
// stay empty): texture for GLCM/GLRLM/GLSZM/GLDZM/NGTDM/NGLDM, the histogram for the intensity
// histogram, the IVH input for the intensity-volume histogram.
//
// Errors (InvalidArgument): the mask's grid differs from the image's; the mask is empty, or
// empty after interpolation or re-segmentation; a discretisation setting is unusable.
//
// With `report`, also fills the IBSI diagnostic values; this interpolates the whole image (not
// only the box) to summarise it, so it costs more.
Result<ProcessedRoi> BuildProcessedRoi(const imaging::Image& image, const imaging::Mask& mask,
                                       const ExtractionParams& params,
                                       PreprocessingReport* report = nullptr);

}  // namespace radfed::radiomics
