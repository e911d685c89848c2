// Grey level size zone matrix features (IBSI 1, section 3.8).
//
// The GLSZM counts zones (see zones.h) by grey level and size in voxels. Its 16 features are the
// SizeMatrix features under GLSZM names.
#pragma once

#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"
#include "node/radiomics/texture/size_matrix.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

// The GLSZM of `input`: one per slice with `slice_wise` (8-connected zones), else one for the
// volume (26-connected zones). A SizeMatrixBuilder.
std::vector<SizeMatrix> BuildGlszm(const TextureInput& input, const ExtractionParams& params,
                                   bool slice_wise);

// Appends the 16 GLSZM features for each of params.texture_dimensions ("2D", "2.5D", "3D").
void ComputeGlszmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out);

}  // namespace radfed::radiomics
