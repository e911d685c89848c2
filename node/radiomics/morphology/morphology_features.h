// Morphological features (IBSI 1, section 3.1): the 29 features of the family
// "Morphological features".
#pragma once

#include "node/radiomics/feature_value.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics {

// Appends every morphological feature of `roi` to `out`. Shape features use roi.morphological;
// centre of mass shift, integrated intensity, Moran's I and Geary's C use roi.intensity over
// roi.intensity_mask. Features that are undefined for the ROI (e.g. hull-based ones for a flat
// ROI, or an empty mask) are NaN.
void ComputeMorphologyFeatures(const ProcessedRoi& roi, FeatureList& out);

}  // namespace radfed::radiomics
