// PaddedGrey: the grey levels of a TextureInput inside a frame of `pad` zero voxels.
//
// Neighbour and run scans read voxels up to `pad` steps away from any box voxel (runs: until the
// level changes). With the frame, a read outside the box lands on a 0, which already means
// "outside the intensity mask", so the inner loops need no bounds checks.
//
// On an axis shorter than `pad` the frame is only as thick as the box: a step of `pad` along it
// leaves the box from every voxel and finds no neighbour, so a wider frame would only cost
// memory (up to a texture distance of 100 around a thin ROI). Scans must skip the steps that
// Frames() rejects.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "node/radiomics/texture/directions.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

class PaddedGrey {
 public:
  PaddedGrey(const TextureInput& input, int64_t pad)
      : pad_{std::min(pad, input.size[0]), std::min(pad, input.size[1]),
             std::min(pad, input.size[2])},
        nx_(input.size[0] + 2 * pad_[0]),
        ny_(input.size[1] + 2 * pad_[1]),
        grey_(static_cast<size_t>(nx_ * ny_ * (input.size[2] + 2 * pad_[2])), 0) {
    for (int64_t k = 0; k < input.size[2]; ++k) {
      for (int64_t j = 0; j < input.size[1]; ++j) {
        const int32_t* row = input.grey.data() + input.Offset(0, j, k);
        std::copy(row, row + input.size[0], grey_.begin() + Offset(0, j, k));
      }
    }
  }

  // The position of box voxel (i, j, k); valid within the frame around the box.
  int64_t Offset(int64_t i, int64_t j, int64_t k) const {
    return (i + pad_[0]) + nx_ * ((j + pad_[1]) + ny_ * (k + pad_[2]));
  }
  // The position change of one step along d.
  int64_t Step(const Direction& d) const { return d.di + nx_ * (d.dj + ny_ * d.dk); }
  // Whether `distance` steps along d from any box voxel stay within the frame. When they do not,
  // they leave the box from every voxel: there is no neighbour along d at that distance.
  bool Frames(const Direction& d, int64_t distance) const {
    return std::abs(d.di) * distance <= pad_[0] && std::abs(d.dj) * distance <= pad_[1] &&
           std::abs(d.dk) * distance <= pad_[2];
  }
  int32_t operator[](int64_t position) const { return grey_[static_cast<size_t>(position)]; }

 private:
  imaging::Index3 pad_;
  int64_t nx_, ny_;
  std::vector<int32_t> grey_;
};

}  // namespace radfed::radiomics
