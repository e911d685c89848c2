// PaddedGrey: the grey levels of a TextureInput inside a frame of `pad` zero voxels.
//
// Neighbour and run scans read voxels up to `pad` steps away from any box voxel (runs: until the
// level changes). With the frame, a read outside the box lands on a 0, which already means
// "outside the intensity mask", so the inner loops need no bounds checks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "node/radiomics/texture/directions.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

class PaddedGrey {
 public:
  PaddedGrey(const TextureInput& input, int64_t pad)
      : pad_(pad),
        nx_(input.size[0] + 2 * pad),
        ny_(input.size[1] + 2 * pad),
        grey_(static_cast<size_t>(nx_ * ny_ * (input.size[2] + 2 * pad)), 0) {
    for (int64_t k = 0; k < input.size[2]; ++k) {
      for (int64_t j = 0; j < input.size[1]; ++j) {
        const int32_t* row = input.grey.data() + input.Offset(0, j, k);
        std::copy(row, row + input.size[0], grey_.begin() + Offset(0, j, k));
      }
    }
  }

  // The position of box voxel (i, j, k); valid for -pad <= i < size + pad on each axis.
  int64_t Offset(int64_t i, int64_t j, int64_t k) const {
    return (i + pad_) + nx_ * ((j + pad_) + ny_ * (k + pad_));
  }
  // The position change of one step along d.
  int64_t Step(const Direction& d) const { return d.di + nx_ * (d.dj + ny_ * d.dk); }
  int32_t operator[](int64_t position) const { return grey_[static_cast<size_t>(position)]; }

 private:
  int64_t pad_, nx_, ny_;
  std::vector<int32_t> grey_;
};

}  // namespace radfed::radiomics
