// Zones: the connected regions of equal grey level that GLSZM and GLDZM count (IBSI 1, 3.8).
//
// Two voxels of the intensity mask belong to the same zone when they have the same grey level
// and are linked by a chain of such voxels, each a neighbour of the next: 26-connected in 3D,
// 8-connected within one slice (k) in 2D, where a zone never spans slices.
#pragma once

#include <cstdint>
#include <vector>

#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

struct Zones {
  // Per voxel of the box: the index of its zone, -1 for voxels outside the intensity mask.
  std::vector<int32_t> zone_of;
  // Per zone, numbered in the order of their first voxel (i fastest, then j, then k), so the
  // zones of one slice are consecutive in 2D: grey level, voxel count, and the slice k of the
  // first voxel.
  std::vector<int32_t> level;
  std::vector<int64_t> size;
  std::vector<int64_t> slice;
};

// Labels the zones of `input`. With `slice_wise`, connectivity is 8 in the (i, j) plane of each
// slice; otherwise 26 in the volume. Linear in the number of voxels, with one reused stack.
Zones LabelZones(const TextureInput& input, bool slice_wise);

}  // namespace radfed::radiomics
