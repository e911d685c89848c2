// Neighbouring grey level dependence matrix features (IBSI 1, section 3.11).
//
// For every voxel of the intensity mask, its dependence count is 1 (the voxel itself) plus the
// number of neighbours within Chebyshev distance params.ngldm_distance (in the slice's plane in
// 2D) that lie in the intensity mask and whose grey level differs from the voxel's by at most
// params.ngldm_alpha. The NGLDM counts voxels by grey level and dependence count; its 17
// features are the SizeMatrix features under NGLDM names.
#pragma once

#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"
#include "node/radiomics/texture/size_matrix.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

// The NGLDM of `input`: one per slice with `slice_wise` (in-plane neighbourhoods), else one for
// the volume. A SizeMatrixBuilder.
std::vector<SizeMatrix> BuildNgldm(const TextureInput& input, const ExtractionParams& params,
                                   bool slice_wise);

// Appends the 17 NGLDM features for each of params.texture_dimensions ("2D", "2.5D", "3D").
void ComputeNgldmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out);

}  // namespace radfed::radiomics
