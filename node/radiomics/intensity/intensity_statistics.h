// Intensity-based statistical features (IBSI 1, section 4.3): the distribution of the
// (interpolated, rounded) intensities of the voxels in the intensity mask, without discretisation.
#pragma once

#include "node/radiomics/feature_value.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics {

// Appends the 18 features of family "Intensity-based statistical features" computed from
// roi.intensity within roi.intensity_mask. Features are NaN when the mask is empty (and moments
// that divide by the variance are NaN when all intensities are equal).
void ComputeIntensityStatisticsFeatures(const ProcessedRoi& roi, FeatureList& out);

}  // namespace radfed::radiomics
