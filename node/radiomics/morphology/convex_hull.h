// ConvexHull: the convex hull of the surface mesh vertices, computed with Qhull.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "node/imaging/grid.h"

namespace radfed::radiomics::morphology {

struct ConvexHull {
  double volume = 0;
  double area = 0;
  std::vector<imaging::Vec3> vertices;  // the points of the input that are hull vertices
  // Outward unit normals of the hull facets (one per facet, duplicates possible).
  std::vector<imaging::Vec3> facet_normals;
  // The corners of each facet (same order as facet_normals), as indices into `vertices`.
  std::vector<std::vector<int32_t>> facet_vertices;
};

// Fails when the points do not span three dimensions (fewer than four points, or all coplanar),
// where a 3D hull has no volume.
Result<ConvexHull> ComputeConvexHull(const std::vector<imaging::Vec3>& points);

// Largest distance between two points of `points` (IBSI 1: L0JK, over the hull vertices).
double MaximumDiameter(const std::vector<imaging::Vec3>& points);

}  // namespace radfed::radiomics::morphology
