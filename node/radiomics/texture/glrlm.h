// Grey level run length matrix (GLRLM) features, IBSI 1 section 3.7.
//
// A run is a maximal line of consecutive intensity-mask voxels with the same grey level along one
// direction of directions.h; voxels outside the intensity mask end runs.
#pragma once

#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

// Appends the 16 GLRLM features for every aggregation implied by params.texture_dimensions
// (as for GLCM: 2D averaged / slice-merged, 2.5D direction-merged / merged, 3D averaged /
// merged). Features of a matrix without runs are NaN.
void ComputeGlrlmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out);

}  // namespace radfed::radiomics
