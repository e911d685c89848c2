// Grey level distance zone matrix features (IBSI 1, section 3.9).
//
// The GLDZM counts zones (see zones.h) by grey level and distance to the ROI edge: the smallest
// edge distance of the zone's voxels. Edge distances are taken on the morphological mask, as IBSI
// recommends, so that re-segmentation holes do not create edges. Its 16 features are the
// SizeMatrix features under GLDZM names.
#pragma once

#include <cstdint>
#include <vector>

#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"
#include "node/radiomics/texture/size_matrix.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

// Per voxel of the box: 0 outside the morphological mask; inside, the number of steps between
// face neighbours (6-connectivity in 3D, 4 in the slice's plane with `slice_wise`) to the nearest
// voxel outside the mask, where voxels beyond the box count as outside. Border voxels have 1.
std::vector<int32_t> EdgeDistances(const TextureInput& input, bool slice_wise);

// The GLDZM of `input`: one per slice with `slice_wise` (8-connected zones, in-plane distances),
// else one for the volume. Requires the intensity mask (grey > 0) to lie inside the
// morphological mask, as re-segmentation guarantees. A SizeMatrixBuilder.
std::vector<SizeMatrix> BuildGldzm(const TextureInput& input, const ExtractionParams& params,
                                   bool slice_wise);

// Appends the 16 GLDZM features for each of params.texture_dimensions ("2D", "2.5D", "3D").
void ComputeGldzmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out);

}  // namespace radfed::radiomics
