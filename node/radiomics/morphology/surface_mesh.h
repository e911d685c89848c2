// SurfaceMesh: the triangle mesh that IBSI 1 (section 3.1) puts around a morphological mask.
//
// The mask is padded by one empty voxel on each side and its voxel centres become the corners of
// marching cubes at isolevel 0.5. For a binary mask every mesh vertex is therefore the midpoint of
// a grid edge between an inside and an outside voxel centre. All triangles are oriented with their
// normals pointing out of the mask, so the divergence theorem gives the enclosed volume.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "node/imaging/grid.h"

namespace radfed::radiomics::morphology {

struct SurfaceMesh {
  std::vector<imaging::Vec3> vertices;          // mm, in the box frame (voxel (0,0,0) at origin)
  std::vector<std::array<int32_t, 3>> triangles;  // counter-clockwise seen from outside
};

// Builds the mesh of `mask` (one byte per voxel, non-zero inside, voxel (i, j, k) at
// i + size[0]*(j + size[1]*k)) with voxel spacing `spacing`. Shared vertices are stored once.
// Faces of the cubes where inside voxels touch only diagonally keep those voxels apart, so the
// surface is closed and consistently oriented for any mask.
SurfaceMesh BuildSurfaceMesh(const std::vector<uint8_t>& mask, const imaging::Index3& size,
                             const imaging::Vec3& spacing);

// Volume enclosed by the mesh: the sum of the signed volumes of the tetrahedra each triangle
// makes with the origin (IBSI 1: RNU0).
double MeshVolume(const SurfaceMesh& mesh);

// Sum of the triangle areas (IBSI 1: C0JK).
double MeshArea(const SurfaceMesh& mesh);

}  // namespace radfed::radiomics::morphology
