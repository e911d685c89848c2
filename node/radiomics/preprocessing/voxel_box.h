// VoxelBox: a block of voxels of a grid, and the bounding box of a mask.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "node/imaging/grid.h"

namespace radfed::radiomics {

// Voxels lo[a] <= index[a] < hi[a] along each axis a.
struct VoxelBox {
  imaging::Index3 lo{0, 0, 0};
  imaging::Index3 hi{0, 0, 0};

  imaging::Index3 size() const { return {hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]}; }
  int64_t voxel_count() const { return size()[0] * size()[1] * size()[2]; }
  friend bool operator==(const VoxelBox&, const VoxelBox&) = default;
};

// The whole of a grid of `size` voxels.
inline VoxelBox WholeBox(const imaging::Index3& size) { return {{0, 0, 0}, size}; }

// `box` grown by margin[a] voxels on both sides of each axis a, clipped to a grid of `size`.
inline VoxelBox GrowBox(const VoxelBox& box, const imaging::Index3& margin,
                        const imaging::Index3& size) {
  VoxelBox out;
  for (int a = 0; a < 3; ++a) {
    out.lo[a] = std::max<int64_t>(0, box.lo[a] - margin[a]);
    out.hi[a] = std::min<int64_t>(size[a], box.hi[a] + margin[a]);
  }
  return out;
}

// Bounding box of the non-zero voxels of `mask` (a volume of `size` voxels in Grid::Offset
// order), or nothing when all are zero.
template <typename T>
std::optional<VoxelBox> BoundingBox(const std::vector<T>& mask, const imaging::Index3& size) {
  VoxelBox box{{size[0], size[1], size[2]}, {0, 0, 0}};
  bool any = false;
  for (int64_t k = 0; k < size[2]; ++k) {
    for (int64_t j = 0; j < size[1]; ++j) {
      const T* row = mask.data() + size[0] * (j + size[1] * k);
      // Most rows of an image lie outside the ROI: test them whole (this loop vectorises).
      bool row_any = false;
      for (int64_t i = 0; i < size[0]; ++i) row_any |= row[i] != T{};
      if (!row_any) continue;
      any = true;
      int64_t first = 0, last = size[0] - 1;
      while (row[first] == T{}) ++first;
      while (row[last] == T{}) --last;
      box.lo = {std::min(box.lo[0], first), std::min(box.lo[1], j), std::min(box.lo[2], k)};
      box.hi = {std::max(box.hi[0], last + 1), std::max(box.hi[1], j + 1),
                std::max(box.hi[2], k + 1)};
    }
  }
  if (!any) return std::nullopt;
  return box;
}

// The voxels of `box` copied out of a volume of `size` voxels, in the box's own Offset order.
template <typename T>
std::vector<T> CopyBox(const std::vector<T>& volume, const imaging::Index3& size,
                       const VoxelBox& box) {
  const imaging::Index3 s = box.size();
  std::vector<T> out(static_cast<size_t>(box.voxel_count()));
  auto dst = out.begin();
  for (int64_t k = box.lo[2]; k < box.hi[2]; ++k) {
    for (int64_t j = box.lo[1]; j < box.hi[1]; ++j) {
      const auto src = volume.begin() + (box.lo[0] + size[0] * (j + size[1] * k));
      dst = std::copy(src, src + s[0], dst);
    }
  }
  return out;
}

}  // namespace radfed::radiomics
