// Shapes that enclose an ROI, for the axis-length and density features of IBSI 1 (3.1.12-3.1.23).
#pragma once

#include <array>
#include <vector>

#include "node/imaging/grid.h"
#include "node/radiomics/morphology/convex_hull.h"

namespace radfed::radiomics::morphology {

// Eigenvalues, largest first, of the sample covariance matrix of `points` (divided by N - 1, as
// the IBSI reference values require). Zero for fewer than two points.
std::array<double, 3> PrincipalEigenvalues(const std::vector<imaging::Vec3>& points);

// Area of the ellipsoid with semi-axes a >= b >= c by the Legendre-polynomial series IBSI 1 gives
// for the approximate enclosing ellipsoid (summed to degree 20): 4 pi a b sum_nu (alpha beta)^nu
// P_nu((alpha^2 + beta^2) / (2 alpha beta)) / (1 - 4 nu^2), alpha^2 = 1 - b^2/a^2,
// beta^2 = 1 - c^2/a^2.
double EllipsoidArea(double a, double b, double c);

struct Box {
  double volume = 0;
  double area = 0;
};

// Smallest-volume box found among the boxes with one face flush with a facet of the convex hull,
// each fitted in that plane by rotating calipers (smallest-area rectangle around the hull's
// projection onto the plane).
Box OrientedMinimumBoundingBox(const ConvexHull& hull);

// Semi-axes, largest first, of the minimum-volume ellipsoid enclosing `points`, by Khachiyan's
// algorithm with Todd and Yildirim's away steps (Discrete Appl. Math. 155, 2007). It stops when
// the weights certify (1 + tolerance)-optimality: no point lies beyond the ellipsoid grown by
// the factor 1 + tolerance in the lifted metric and no weighted point lies inside the one shrunk
// by 1 - tolerance. The semi-axes are then within about `tolerance` (relative) of the exact ones.
// NaN when the points do not span three dimensions. Pass the convex hull's vertices, whose ellipsoid is
// that of the whole point set.
std::array<double, 3> MinimumVolumeEnclosingEllipsoid(const std::vector<imaging::Vec3>& points,
                                                      double tolerance = 1e-10);

}  // namespace radfed::radiomics::morphology
