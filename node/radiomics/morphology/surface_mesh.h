// SurfaceMesh: the triangle mesh that IBSI 1 (section 3.1) puts around a morphological mask.
//
// The mask is padded by one empty voxel on each side and its voxel centres become the corners of
// marching cubes at isolevel 0.5. For a binary mask every mesh vertex is therefore the midpoint of
// a grid edge between an inside and an outside voxel centre. All triangles are oriented with their
// normals pointing out of the mask, so the divergence theorem gives the enclosed volume.
//
// Area and volume depend on how ambiguous cube faces are resolved and how the non-planar polygons
// of a cube are cut into triangles. Both follow the marching cubes of Lewiner et al. (2003) as
// scikit-image implements it, whose meshes reproduce the IBSI reference values of the CT phantom;
// on a binary mask it connects two inside corners that are diagonal on a cube face. One difference
// remains: where that algorithm threads a tunnel through a cube (three inside corners pairwise
// diagonal across faces, or three outside corners of which two share an edge and the third is
// diagonal to one of them across a face), each of the cube's two surface loops is capped instead.
// On the IBSI CT phantom that is one cube of configuration A: 4 mm^2 of 35,706.

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
// i + size[0]*(j + size[1]*k)) with voxel spacing `spacing`. Shared vertices are stored once. The
// surface is closed and consistently oriented for any mask.
SurfaceMesh BuildSurfaceMesh(const std::vector<uint8_t>& mask, const imaging::Index3& size,
                             const imaging::Vec3& spacing);

// Volume enclosed by the mesh: the sum of the signed volumes of the tetrahedra each triangle
// makes with the origin (IBSI 1: RNU0).
double MeshVolume(const SurfaceMesh& mesh);

// Sum of the triangle areas (IBSI 1: C0JK).
double MeshArea(const SurfaceMesh& mesh);

}  // namespace radfed::radiomics::morphology
