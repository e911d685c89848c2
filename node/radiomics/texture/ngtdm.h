// Neighbourhood grey tone difference matrix (NGTDM) features, IBSI 1 section 3.10.
//
// Each intensity-mask voxel is compared with the mean grey level of its neighbours within
// Chebyshev radius params.ngtdm_distance (in-plane for 2D and 2.5D). As IBSI 1 specifies, only
// neighbours inside the intensity mask count, and voxels without any such neighbour are left out.
#pragma once

#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

// Appends the 5 NGTDM features for every aggregation implied by params.texture_dimensions:
// "2D" (per slice, averaged), "2.5D" (slice matrices merged) and "3D". A feature whose
// denominator vanishes (e.g. coarseness of a region without grey tone differences, busyness or
// contrast of a single level) is NaN.
void ComputeNgtdmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out);

}  // namespace radfed::radiomics
