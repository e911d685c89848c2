// Grey level co-occurrence matrix (GLCM) features, IBSI 1 section 3.6.
//
// Matrices are symmetric and count pairs of intensity-mask voxels at Chebyshev distance
// params.glcm_distance along the directions of directions.h.
#pragma once

#include "common/status.h"
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

// The matrices are dense over the ROI's distinct grey levels, one per direction (13 in 3D), so
// memory grows with their square: 2048 levels take 436 MB, 65536 would take 447 GB.
inline constexpr int32_t kMaxGlcmLevels = 2048;
// InvalidArgument, naming the count and what to change, if `input` holds more distinct levels.
Status CheckGlcmLevels(const TextureInput& input);

}  // namespace radfed::radiomics
