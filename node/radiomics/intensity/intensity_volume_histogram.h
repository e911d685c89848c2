// Intensity-volume histogram features (IBSI 1, section 4.5). The IVH gives, for each intensity X
// of the grid roi.ivh.lowest, lowest + step, ..., highest, the fraction nu of the ROI volume whose
// (discretised) intensity is at least X, against the intensity fraction
// gamma = (X - lowest) / (highest - lowest).
#pragma once

#include "node/radiomics/feature_value.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics {

// Appends the 7 features of family "Intensity-volume histogram features" computed from roi.ivh
// (whose values lie within [lowest, highest]). Features are NaN when roi.ivh.values is empty
// or, for those that need intensity fractions, when highest == lowest.
void ComputeIntensityVolumeHistogramFeatures(const ProcessedRoi& roi, FeatureList& out);

}  // namespace radfed::radiomics
