// Grey level co-occurrence matrix (GLCM) features, IBSI 1 section 3.6.
//
// Matrices are symmetric and count pairs of intensity-mask voxels at Chebyshev distance
// params.glcm_distance along the directions of directions.h.
#pragma once

#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

// Appends the 25 GLCM features for every aggregation implied by params.texture_dimensions:
// 2D -> "2D, averaged" and "2D, slice-merged"; 2.5D -> "2.5D, direction-merged" and
// "2.5D, merged"; 3D -> "3D, averaged" and "3D, merged". A feature is NaN when it is undefined
// (e.g. correlation of a single-level ROI, or any feature of a matrix without pairs).
void ComputeGlcmFeatures(const TextureInput& input, const ExtractionParams& params,
                         FeatureList& out);

}  // namespace radfed::radiomics
