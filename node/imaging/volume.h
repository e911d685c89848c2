// Volume<T>: voxel values on a Grid. Image and Mask are the two volumes radfed works with.
#pragma once

#include <cstdint>
#include <vector>

#include "node/imaging/grid.h"

namespace radfed::imaging {

template <typename T>
struct Volume {
  Grid grid;
  std::vector<T> voxels;  // grid.voxel_count() values in Grid::Offset order

  Volume() = default;
  explicit Volume(const Grid& g, T fill = T{})
      : grid(g), voxels(static_cast<size_t>(g.voxel_count()), fill) {}

  T& at(int64_t i, int64_t j, int64_t k) { return voxels[static_cast<size_t>(grid.Offset(i, j, k))]; }
  const T& at(int64_t i, int64_t j, int64_t k) const {
    return voxels[static_cast<size_t>(grid.Offset(i, j, k))];
  }
};

// Intensities in physical units (HU for CT, SUV for PET after conversion, arbitrary for MR).
// float32 satisfies IBSI's precision requirement and halves the memory of large series.
using Image = Volume<float>;

// A region of interest: 1 inside, 0 outside.
using Mask = Volume<uint8_t>;

}  // namespace radfed::imaging
