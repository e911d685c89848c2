#include "node/radiomics/morphology/surface_mesh.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

namespace radfed::radiomics::morphology {
namespace {

TEST(SurfaceMeshTest, SingleVoxelIsAnOctahedron) {
  // Vertices at the six face centres, half a voxel from the centre: volume 4/3 r^3 with r = 1/2
  // for unit voxels, eight equilateral faces of side r*sqrt(2).
  const SurfaceMesh mesh = BuildSurfaceMesh({1}, {1, 1, 1}, {1, 1, 1});
  EXPECT_EQ(mesh.vertices.size(), 6u);
  EXPECT_EQ(mesh.triangles.size(), 8u);
  EXPECT_NEAR(MeshVolume(mesh), 1.0 / 6.0, 1e-12);
  EXPECT_NEAR(MeshArea(mesh), std::sqrt(3.0), 1e-12);
}

TEST(SurfaceMeshTest, AnisotropicSingleVoxelScalesTheOctahedron) {
  const SurfaceMesh mesh = BuildSurfaceMesh({1}, {1, 1, 1}, {2, 3, 5});
  EXPECT_NEAR(MeshVolume(mesh), 30.0 / 6.0, 1e-12);
  // Each face has edge vectors (-1, 1.5, 0) and (-1, 0, 2.5) up to signs.
  const double n = std::sqrt(3.75 * 3.75 + 2.5 * 2.5 + 1.5 * 1.5);
  EXPECT_NEAR(MeshArea(mesh), 8 * n / 2, 1e-12);
}

TEST(SurfaceMeshTest, TwoByTwoByTwoBlock) {
  // Of the 27 marching cubes, the centre one is full (volume 1), the 6 face cubes hold a slab of
  // 1/2 (a unit square of surface), the 12 edge cubes a wedge of 1/8 (a 1 x sqrt(2)/2 strip) and
  // the 8 corner cubes a tetrahedron of 1/48 (an equilateral triangle of side sqrt(2)/2).
  const SurfaceMesh mesh = BuildSurfaceMesh(std::vector<uint8_t>(8, 1), {2, 2, 2}, {1, 1, 1});
  EXPECT_NEAR(MeshVolume(mesh), 1 + 6 * 0.5 + 12 * 0.125 + 8.0 / 48, 1e-12);
  EXPECT_NEAR(MeshArea(mesh), 6 + 12 * std::sqrt(0.5) + 8 * std::sqrt(3.0) / 8, 1e-12);
}

// Volume and area of the mesh of Lewiner's marching cubes (scikit-image 0.19 measure.marching_cubes,
// method "lewiner", level 0.5, on the mask padded by one voxel) for small masks whose cubes hold
// ambiguous faces and non-planar polygons, with voxel spacing (1, 0.5, 2) mm.
struct LewinerCase {
  const char* name;
  imaging::Index3 size;
  std::vector<uint8_t> mask;
  double volume;
  double area;
};

TEST(SurfaceMeshTest, AmbiguousConfigurationsMatchLewinerMarchingCubes) {
  const std::vector<LewinerCase> cases = {
      // Two voxels touching along an edge: the face between them is ambiguous and joins them.
      {"edge pair", {2, 2, 1}, {1, 0, 0, 1}, 0.666666666667, 6.873863542434},
      // Three voxels of a square: a non-planar pentagon with three inside corners.
      {"L tromino", {2, 2, 1}, {1, 1, 1, 0}, 1.416666666667, 8.262162496515},
      // An edge pair plus a voxel on an ambiguous face: a heptagon.
      {"staircase", {2, 2, 2}, {1, 0, 0, 1, 1, 0, 0, 0}, 1.416666666667, 11.468433987269},
      // Four voxels in a chain: a hexagon with four corners on each side.
      {"chain", {2, 2, 2}, {1, 1, 0, 1, 1, 0, 0, 0}, 2.083333333333, 12.774445444781},
      // A block without three voxels of a square: a pentagon with five inside corners.
      {"block minus L", {2, 2, 2}, {0, 0, 0, 1, 1, 1, 1, 1}, 2.958333333333, 13.865633809783},
      // A block without two voxels diagonal on a face: the face joins the inside corners.
      {"block minus diagonal", {2, 2, 2}, {0, 1, 1, 0, 1, 1, 1, 1}, 4.083333333333,
       18.080806168970},
      // Four voxels touching only along edges: every face of the middle cube is ambiguous.
      {"tetrahedral", {2, 2, 2}, {1, 0, 0, 1, 0, 1, 1, 0}, 2.5, 16.039014932345},
  };
  for (const LewinerCase& c : cases) {
    const SurfaceMesh mesh = BuildSurfaceMesh(c.mask, c.size, {1.0, 0.5, 2.0});
    EXPECT_NEAR(MeshVolume(mesh), c.volume, 1e-9) << c.name;
    EXPECT_NEAR(MeshArea(mesh), c.area, 1e-9) << c.name;
  }
}

TEST(SurfaceMeshTest, PairwiseDiagonalVoxelsAreCappedWhereLewinerTunnels) {
  // Three voxels pairwise diagonal across faces: Lewiner's marching cubes threads a tunnel through
  // the middle cube (volume 1, area 12.060795313651); here the cube's two loops are capped.
  const SurfaceMesh mesh = BuildSurfaceMesh({0, 1, 1, 0, 1, 0, 0, 0}, {2, 2, 2}, {1.0, 0.5, 2.0});
  EXPECT_NEAR(MeshVolume(mesh), 1.416666666667, 1e-9);
  EXPECT_NEAR(MeshArea(mesh), 11.456439237390, 1e-9);
}

TEST(SurfaceMeshTest, RandomMasksGiveClosedOrientedSurfaces) {
  // On a closed, consistently oriented surface every edge is walked as often in one direction as
  // in the other (voxels touching along an edge make two sheets meet there), and the volume does
  // not depend on where the origin is.
  std::mt19937 random(7);
  std::bernoulli_distribution coin(0.5);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<uint8_t> mask(5 * 4 * 3);
    for (auto& m : mask) m = coin(random) ? 1 : 0;
    const SurfaceMesh mesh = BuildSurfaceMesh(mask, {5, 4, 3}, {1.0, 0.5, 2.0});
    std::map<std::pair<int32_t, int32_t>, int> directed;
    for (const auto& t : mesh.triangles) {
      for (size_t e = 0; e < 3; ++e) ++directed[{t[e], t[(e + 1) % 3]}];
    }
    for (const auto& [edge, count] : directed) {
      const auto reverse = directed.find({edge.second, edge.first});
      ASSERT_NE(reverse, directed.end());
      EXPECT_EQ(reverse->second, count);
    }
    SurfaceMesh shifted = mesh;
    for (auto& v : shifted.vertices) v = {v[0] + 10, v[1] - 7, v[2] + 3};
    EXPECT_NEAR(MeshVolume(shifted), MeshVolume(mesh), 1e-9);
    EXPECT_GT(MeshVolume(mesh), 0);
  }
}

}  // namespace
}  // namespace radfed::radiomics::morphology
