#include "node/radiomics/morphology/surface_mesh.h"

#include <cmath>
#include <unordered_map>

namespace radfed::radiomics::morphology {
namespace {

using imaging::Vec3;

// Cube corner c sits at offset (c & 1, (c >> 1) & 1, (c >> 2) & 1) from the cube's first corner.
int CornerAxis(int corner, int axis) { return (corner >> axis) & 1; }

// The cube edge between corners a < b is numbered a * 8 + b.
int EdgeCode(int a, int b) { return std::min(a, b) * 8 + std::max(a, b); }

Vec3 Sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

Vec3 Cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double Dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

double TriangleArea(const Vec3& a, const Vec3& b, const Vec3& c) {
  const Vec3 n = Cross(Sub(b, a), Sub(c, a));
  return std::sqrt(Dot(n, n)) / 2;
}

// Midpoint of an edge in the unit cube.
Vec3 EdgeMidpoint(int code) {
  const int a = code / 8;
  const int b = code % 8;
  Vec3 p{};
  for (int axis = 0; axis < 3; ++axis) {
    p[static_cast<size_t>(axis)] = 0.5 * (CornerAxis(a, axis) + CornerAxis(b, axis));
  }
  return p;
}

// The six faces of the unit cube, each as its four corners in counter-clockwise order seen from
// outside the cube.
std::array<std::array<int, 4>, 6> CubeFaces() {
  std::array<std::array<int, 4>, 6> faces{};
  int f = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const int u = (axis + 1) % 3;
    const int v = (axis + 2) % 3;
    for (int side = 0; side < 2; ++side) {
      // Walk the square (0,0) (1,0) (1,1) (0,1) in the (u, v) plane: counter-clockwise around
      // +axis, so reverse it for the face whose outward normal is -axis.
      const int uv[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
      std::array<int, 4> ring{};
      for (size_t t = 0; t < 4; ++t) ring[t] = (side << axis) | (uv[t][0] << u) | (uv[t][1] << v);
      if (side == 0) std::swap(ring[1], ring[3]);
      faces[static_cast<size_t>(f++)] = ring;
    }
  }
  return faces;
}

// The closed loops of crossed edges that bound the surface inside a cube with inside corners
// `config` (bit c for corner c). On each face, walking counter-clockwise from outside, a crossing
// is an entry (outside to inside) or an exit; every entry is joined to the exit just before it,
// which on a face with two diagonal inside corners connects those corners. A binary mask puts the
// face's saddle exactly on the isolevel, and Lewiner's marching cubes resolves that tie by
// connecting the inside corners; both cubes sharing the face decide alike, so the surface closes. A crossed edge is an entry on one of its faces and an exit on the other, so segments
// chain into loops whose orientation makes the surface normal point outwards.
std::vector<std::vector<int>> CubeLoops(int config) {
  const auto in = [&](int c) { return ((config >> c) & 1) != 0; };
  std::array<int, 64> next;
  next.fill(-1);
  for (const auto& ring : CubeFaces()) {
    std::array<int, 4> kind{};  // +1 entry, -1 exit, 0 no crossing
    std::array<int, 4> edge{};
    for (size_t t = 0; t < 4; ++t) {
      const int a = ring[t];
      const int b = ring[(t + 1) % 4];
      kind[t] = in(a) == in(b) ? 0 : (in(b) ? 1 : -1);
      edge[t] = EdgeCode(a, b);
    }
    for (size_t t = 0; t < 4; ++t) {
      if (kind[t] != 1) continue;
      for (size_t s = 1; s < 4; ++s) {
        const size_t u = (t + 4 - s) % 4;
        if (kind[u] == -1) {
          next[static_cast<size_t>(edge[t])] = edge[u];
          break;
        }
      }
    }
  }
  std::vector<std::vector<int>> loops;
  std::array<bool, 64> used{};
  for (int start = 0; start < 64; ++start) {
    if (next[static_cast<size_t>(start)] < 0 || used[static_cast<size_t>(start)]) continue;
    std::vector<int> loop;
    for (int e = start; !used[static_cast<size_t>(e)]; e = next[static_cast<size_t>(e)]) {
      used[static_cast<size_t>(e)] = true;
      loop.push_back(e);
    }
    loops.push_back(std::move(loop));
  }
  return loops;
}

using Triangulation = std::vector<std::array<int, 3>>;  // indices into a loop

// Every triangulation of the polygon with vertices first..last (in loop order) whose edge
// (first, last) is a side of one of its triangles.
std::vector<Triangulation> Triangulations(int first, int last) {
  if (last - first < 2) return {Triangulation{}};
  std::vector<Triangulation> all;
  for (int apex = first + 1; apex < last; ++apex) {
    for (const Triangulation& left : Triangulations(first, apex)) {
      for (const Triangulation& right : Triangulations(apex, last)) {
        Triangulation t = left;
        t.insert(t.end(), right.begin(), right.end());
        t.push_back({first, apex, last});
        all.push_back(std::move(t));
      }
    }
  }
  return all;
}

// Value at p of the trilinear interpolation of the cube's corners (1 inside, 0 outside).
double Trilinear(int config, const Vec3& p) {
  double value = 0;
  for (int c = 0; c < 8; ++c) {
    if (((config >> c) & 1) == 0) continue;
    double weight = 1;
    for (size_t axis = 0; axis < 3; ++axis) {
      weight *= CornerAxis(c, static_cast<int>(axis)) ? p[axis] : 1 - p[axis];
    }
    value += weight;
  }
  return value;
}

// Picks the triangulation of a loop of more than three vertices, which need not be planar, so
// that the mesh matches the one of Lewiner's marching cubes on binary masks. No single principle
// gives its tables' choices; these rules reproduce them, checked against scikit-image for every
// corner configuration: with fewer than four corners on one side of the surface, the
// triangulation that leaves that side the most volume; with four on each side, the one whose
// triangle centroids lie closest to the trilinear isosurface (sum of squared deviations); ties go
// to the larger area.
Triangulation ChooseTriangulation(int config, const std::vector<int>& loop) {
  std::vector<Vec3> points;
  for (int e : loop) points.push_back(EdgeMidpoint(e));
  int inside = 0;
  for (int c = 0; c < 8; ++c) inside += (config >> c) & 1;

  Triangulation best;
  double best_primary = 0;
  double best_area = 0;
  for (const Triangulation& candidate : Triangulations(0, static_cast<int>(loop.size()) - 1)) {
    double volume = 0;
    double deviation = 0;
    double area = 0;
    for (const auto& t : candidate) {
      const Vec3& a = points[static_cast<size_t>(t[0])];
      const Vec3& b = points[static_cast<size_t>(t[1])];
      const Vec3& c = points[static_cast<size_t>(t[2])];
      volume += Dot(a, Cross(b, c)) / 6;
      const double d = Trilinear(config, {(a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3,
                                          (a[2] + b[2] + c[2]) / 3}) - 0.5;
      deviation += d * d;
      area += TriangleArea(a, b, c);
    }
    const double primary = inside < 4 ? volume : (inside > 4 ? -volume : -deviation);
    constexpr double kTie = 1e-9;
    if (best.empty() || primary > best_primary + kTie ||
        (primary > best_primary - kTie && area > best_area + kTie)) {
      best = candidate;
      best_primary = primary;
      best_area = area;
    }
  }
  return best;
}

// For each of the 256 corner configurations, the surface triangles as triples of edge codes,
// counter-clockwise seen from outside the mask.
struct CubeTable {
  std::array<std::vector<std::array<int8_t, 3>>, 256> triangles;

  CubeTable() {
    for (int config = 1; config < 255; ++config) {
      for (const auto& loop : CubeLoops(config)) {
        for (const auto& t : ChooseTriangulation(config, loop)) {
          triangles[static_cast<size_t>(config)].push_back(
              {static_cast<int8_t>(loop[static_cast<size_t>(t[0])]),
               static_cast<int8_t>(loop[static_cast<size_t>(t[1])]),
               static_cast<int8_t>(loop[static_cast<size_t>(t[2])])});
        }
      }
    }
  }
};

const CubeTable& Table() {
  static const CubeTable table;
  return table;
}

}  // namespace

SurfaceMesh BuildSurfaceMesh(const std::vector<uint8_t>& mask, const imaging::Index3& size,
                             const imaging::Vec3& spacing) {
  const CubeTable& table = Table();
  SurfaceMesh mesh;
  // The mask with one empty voxel on each side, so that corner lookups need no bounds checks.
  const int64_t px = size[0] + 2;
  const int64_t py = size[1] + 2;
  std::vector<uint8_t> padded(static_cast<size_t>(px * py * (size[2] + 2)), 0);
  for (int64_t k = 0; k < size[2]; ++k) {
    for (int64_t j = 0; j < size[1]; ++j) {
      for (int64_t i = 0; i < size[0]; ++i) {
        padded[static_cast<size_t>((i + 1) + px * ((j + 1) + py * (k + 1)))] =
            mask[static_cast<size_t>(i + size[0] * (j + size[1] * k))] != 0;
      }
    }
  }
  // Voxel (i, j, k), each index from -1 to size.
  const auto inside = [&](int64_t i, int64_t j, int64_t k) {
    return static_cast<int>(padded[static_cast<size_t>((i + 1) + px * ((j + 1) + py * (k + 1)))]);
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

  for (int64_t k = -1; k < size[2]; ++k) {
    for (int64_t j = -1; j < size[1]; ++j) {
      int config = 0;
      for (int64_t i = -1; i < size[0]; ++i) {
        // The corners at x = 0 are the previous cube's corners at x = 1 (odd bits); only the
        // four at x = 1 are looked up.
        config = (config >> 1) & 0x55;
        for (int c = 1; c < 8; c += 2) {
          config |= inside(i + 1, j + CornerAxis(c, 1), k + CornerAxis(c, 2)) << c;
        }
        const auto& triangles = table.triangles[static_cast<size_t>(config)];
        if (triangles.empty()) continue;
        std::array<int32_t, 64> ids;
        ids.fill(-1);
        for (const auto& t : triangles) {
          std::array<int32_t, 3> triangle{};
          for (size_t v = 0; v < 3; ++v) {
            const auto e = static_cast<size_t>(t[v]);
            if (ids[e] < 0) {
              const int a = t[v] / 8;
              const int b = t[v] % 8;
              ids[e] = vertex({2 * i + CornerAxis(a, 0) + CornerAxis(b, 0),
                               2 * j + CornerAxis(a, 1) + CornerAxis(b, 1),
                               2 * k + CornerAxis(a, 2) + CornerAxis(b, 2)});
            }
            triangle[v] = ids[e];
          }
          mesh.triangles.push_back(triangle);
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
    sum += TriangleArea(mesh.vertices[static_cast<size_t>(t[0])],
                        mesh.vertices[static_cast<size_t>(t[1])],
                        mesh.vertices[static_cast<size_t>(t[2])]);
  }
  return sum;
}

}  // namespace radfed::radiomics::morphology
