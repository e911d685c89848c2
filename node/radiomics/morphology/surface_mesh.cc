#include "node/radiomics/morphology/surface_mesh.h"

#include <cmath>
#include <limits>
#include <unordered_map>

namespace radfed::radiomics::morphology {
namespace {

using imaging::Vec3;

// Cube corner c sits at offset (c & 1, (c >> 1) & 1, (c >> 2) & 1) from the cube's first corner.
int CornerAxis(int corner, int axis) { return (corner >> axis) & 1; }

// The six faces of the unit cube, each as its four corners in counter-clockwise order seen from
// outside the cube. Computed rather than tabulated so the orientation is checked by construction.
struct CubeFaces {
  std::array<std::array<int, 4>, 6> corners;

  CubeFaces() {
    int f = 0;
    for (int axis = 0; axis < 3; ++axis) {
      const int u = (axis + 1) % 3;
      const int v = (axis + 2) % 3;
      for (int side = 0; side < 2; ++side) {
        // Walk the square (0,0) (1,0) (1,1) (0,1) in the (u, v) plane: counter-clockwise around
        // +axis, so reverse it for the face whose outward normal is -axis.
        const int uv[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        std::array<int, 4> ring{};
        for (int t = 0; t < 4; ++t) {
          ring[static_cast<size_t>(t)] = (side << axis) | (uv[t][0] << u) | (uv[t][1] << v);
        }
        if (side == 0) std::swap(ring[1], ring[3]);
        corners[static_cast<size_t>(f++)] = ring;
      }
    }
  }
};

const CubeFaces& Faces() {
  static const CubeFaces faces;
  return faces;
}

Vec3 Sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

Vec3 Cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double Dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

// Triangulates a closed loop of mesh vertices as a fan. Loops of more than three vertices need not
// be planar, and the fans from different apices enclose different volumes; the fan enclosing the most
// volume (the most convex one) reproduces the IBSI reference meshes (digital phantom: 556 mm^3,
// where an arbitrary apex gives 553).
void AddLoop(const std::vector<int32_t>& loop, SurfaceMesh& mesh) {
  const size_t n = loop.size();
  const auto at = [&](size_t i) -> const Vec3& {
    return mesh.vertices[static_cast<size_t>(loop[i % n])];
  };
  size_t apex = 0;
  double best = -std::numeric_limits<double>::infinity();
  for (size_t a = 0; a < n; ++a) {
    double volume = 0;
    for (size_t t = 1; t + 1 < n; ++t) volume += Dot(at(a), Cross(at(a + t), at(a + t + 1)));
    if (volume > best) {
      best = volume;
      apex = a;
    }
  }
  for (size_t t = 1; t + 1 < n; ++t) {
    mesh.triangles.push_back({loop[apex], loop[(apex + t) % n], loop[(apex + t + 1) % n]});
  }
}

}  // namespace

SurfaceMesh BuildSurfaceMesh(const std::vector<uint8_t>& mask, const imaging::Index3& size,
                             const imaging::Vec3& spacing) {
  SurfaceMesh mesh;
  const auto inside = [&](int64_t i, int64_t j, int64_t k) {
    if (i < 0 || j < 0 || k < 0 || i >= size[0] || j >= size[1] || k >= size[2]) return false;
    return mask[static_cast<size_t>(i + size[0] * (j + size[1] * k))] != 0;
  };

  // Vertices are keyed by twice their grid position (shifted past the padding), which is integral
  // because every vertex is an edge midpoint.
  const int64_t nx = 2 * size[0] + 4;
  const int64_t ny = 2 * size[1] + 4;
  std::unordered_map<int64_t, int32_t> vertex_ids;
  const auto vertex = [&](const imaging::Index3& twice) {
    const int64_t key = (twice[0] + 2) + nx * ((twice[1] + 2) + ny * (twice[2] + 2));
    auto [it, added] = vertex_ids.emplace(key, static_cast<int32_t>(mesh.vertices.size()));
    if (added) {
      mesh.vertices.push_back({0.5 * static_cast<double>(twice[0]) * spacing[0],
                               0.5 * static_cast<double>(twice[1]) * spacing[1],
                               0.5 * static_cast<double>(twice[2]) * spacing[2]});
    }
    return it->second;
  };

  const auto& faces = Faces().corners;
  for (int64_t k = -1; k < size[2]; ++k) {
    for (int64_t j = -1; j < size[1]; ++j) {
      for (int64_t i = -1; i < size[0]; ++i) {
        std::array<bool, 8> in{};
        int count = 0;
        for (int c = 0; c < 8; ++c) {
          in[static_cast<size_t>(c)] =
              inside(i + CornerAxis(c, 0), j + CornerAxis(c, 1), k + CornerAxis(c, 2));
          count += in[static_cast<size_t>(c)] ? 1 : 0;
        }
        if (count == 0 || count == 8) continue;

        // Edge (a, b) with a < b is numbered a * 8 + b. On each face, walking counter-clockwise
        // from outside, a crossing is an entry (outside to inside) or an exit; the surface
        // segment on that face runs from an entry to the next exit. Pairing each entry with the
        // next exit cuts off every inside corner separately on faces with two diagonal inside
        // corners, the same decision in both cubes sharing the face. A crossed edge is an entry on
        // one of its faces and an exit on the other, so segments chain into closed loops whose
        // orientation makes the surface normal point outwards.
        std::array<int, 64> next;
        next.fill(-1);
        for (const auto& ring : faces) {
          std::array<int, 4> edge{};
          std::array<int, 4> kind{};  // +1 entry, -1 exit, 0 no crossing
          for (size_t t = 0; t < 4; ++t) {
            const int a = ring[t];
            const int b = ring[(t + 1) % 4];
            kind[t] = in[static_cast<size_t>(a)] == in[static_cast<size_t>(b)]
                          ? 0
                          : (in[static_cast<size_t>(b)] ? 1 : -1);
            edge[t] = std::min(a, b) * 8 + std::max(a, b);
          }
          for (size_t t = 0; t < 4; ++t) {
            if (kind[t] != 1) continue;
            for (size_t s = 1; s < 4; ++s) {
              const size_t u = (t + s) % 4;
              if (kind[u] == -1) {
                next[static_cast<size_t>(edge[t])] = edge[u];
                break;
              }
            }
          }
        }

        std::array<bool, 64> used{};
        for (int start = 0; start < 64; ++start) {
          if (next[static_cast<size_t>(start)] < 0 || used[static_cast<size_t>(start)]) continue;
          std::vector<int32_t> loop;
          for (int e = start; !used[static_cast<size_t>(e)]; e = next[static_cast<size_t>(e)]) {
            used[static_cast<size_t>(e)] = true;
            const int a = e / 8;
            const int b = e % 8;
            loop.push_back(vertex({2 * i + CornerAxis(a, 0) + CornerAxis(b, 0),
                                   2 * j + CornerAxis(a, 1) + CornerAxis(b, 1),
                                   2 * k + CornerAxis(a, 2) + CornerAxis(b, 2)}));
          }
          AddLoop(loop, mesh);
        }
      }
    }
  }
  return mesh;
}

double MeshVolume(const SurfaceMesh& mesh) {
  double sum = 0;
  for (const auto& t : mesh.triangles) {
    const Vec3& a = mesh.vertices[static_cast<size_t>(t[0])];
    const Vec3& b = mesh.vertices[static_cast<size_t>(t[1])];
    const Vec3& c = mesh.vertices[static_cast<size_t>(t[2])];
    sum += Dot(a, Cross(b, c));
  }
  return sum / 6.0;
}

double MeshArea(const SurfaceMesh& mesh) {
  double sum = 0;
  for (const auto& t : mesh.triangles) {
    const Vec3& a = mesh.vertices[static_cast<size_t>(t[0])];
    const Vec3 n = Cross(Sub(mesh.vertices[static_cast<size_t>(t[1])], a),
                         Sub(mesh.vertices[static_cast<size_t>(t[2])], a));
    sum += std::sqrt(Dot(n, n));
  }
  return sum / 2.0;
}

}  // namespace radfed::radiomics::morphology
