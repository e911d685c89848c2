// Local intensity features (IBSI 1, section 4.2): mean intensities in a sphere of 1 cm^3 centred
// on ROI voxels. The sphere averages every voxel of the box (roi.intensity) whose centre lies
// within its radius, inside the ROI or not, which is why pre-processing grows the box by a margin.
// Near the box edge the sphere holds fewer voxels and the mean is over those present.
#pragma once

#include "node/radiomics/feature_value.h"
#include "node/radiomics/processed_roi.h"

namespace radfed::radiomics {

// Radius in mm of the sphere of volume 1 cm^3.
double PeakSphereRadiusMm();

// Appends family "Local intensity features": the local intensity peak (VJGA, the highest sphere
// mean centred on a voxel of maximum intensity in roi.intensity_mask) and the global intensity
// peak (0F91, the highest sphere mean centred on any voxel of roi.intensity_mask). NaN when the
// intensity mask is empty.
void ComputeLocalIntensityFeatures(const ProcessedRoi& roi, FeatureList& out);

}  // namespace radfed::radiomics
