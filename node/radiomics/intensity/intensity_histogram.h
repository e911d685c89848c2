// Intensity histogram features (IBSI 1, section 4.4): the distribution of the discretised grey
// levels roi.histogram.levels (1..num_levels) of the voxels in the intensity mask.
#pragma once

#include "node/radiomics/feature_value.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics {

// Appends the 23 features of family "Intensity histogram features". The histogram has one bin per
// level 1..roi.histogram.num_levels, empty bins included (they matter for the gradients).
// Features are NaN when the mask is empty; gradients are NaN with fewer than two levels.
void ComputeIntensityHistogramFeatures(const ProcessedRoi& roi, FeatureList& out);

}  // namespace radfed::radiomics
