#include "node/imaging/grid.h"

#include <cmath>
#include <cstdio>

namespace radfed::imaging {
namespace {

// Inverse of the 3x3 matrix whose columns are direction[a] * spacing[a].
std::array<Vec3, 3> InverseOfAxes(const Grid& g) {
  double m[3][3];
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m[r][c] = g.direction[c][r] * g.spacing[c];
  const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  std::array<Vec3, 3> inv{};
  inv[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
  inv[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
  inv[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
  inv[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det;
  inv[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
  inv[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
  inv[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
  inv[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
  inv[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
  return inv;
}

}  // namespace

Vec3 Grid::IndexToPhysical(const Vec3& index) const {
  Vec3 p = origin;
  for (int a = 0; a < 3; ++a)
    for (int d = 0; d < 3; ++d) p[d] += index[a] * spacing[a] * direction[a][d];
  return p;
}

Vec3 Grid::PhysicalToIndex(const Vec3& point) const {
  const auto inv = InverseOfAxes(*this);
  const Vec3 rel{point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]};
  Vec3 idx{};
  for (int r = 0; r < 3; ++r) idx[r] = inv[r][0] * rel[0] + inv[r][1] * rel[1] + inv[r][2] * rel[2];
  return idx;
}

bool Grid::SameGeometry(const Grid& other, double tolerance_mm) const {
  if (size != other.size) return false;
  for (int corner = 0; corner < 8; ++corner) {
    Vec3 index{};
    for (int a = 0; a < 3; ++a)
      index[a] = (corner >> a & 1) ? static_cast<double>(size[a] > 0 ? size[a] - 1 : 0) : 0.0;
    const Vec3 p = IndexToPhysical(index);
    const Vec3 q = other.IndexToPhysical(index);
    const double dist = std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    if (!(dist <= tolerance_mm)) return false;
  }
  // Corners alone cannot tell a flipped axis of a single-voxel extent; compare axes too.
  for (int a = 0; a < 3; ++a) {
    for (int d = 0; d < 3; ++d) {
      const double u = direction[a][d] * spacing[a];
      const double v = other.direction[a][d] * other.spacing[a];
      if (!(std::abs(u - v) <= tolerance_mm)) return false;
    }
  }
  return true;
}

std::string Grid::Describe() const {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%lldx%lldx%lld voxels, spacing %gx%gx%g mm, origin (%g, %g, %g)",
                static_cast<long long>(size[0]), static_cast<long long>(size[1]),
                static_cast<long long>(size[2]), spacing[0], spacing[1], spacing[2], origin[0],
                origin[1], origin[2]);
  return buf;
}

}  // namespace radfed::imaging
