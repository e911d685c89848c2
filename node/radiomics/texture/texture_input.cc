#include "node/radiomics/texture/texture_input.h"

#include <algorithm>

namespace radfed::radiomics {

TextureInput MakeTextureInput(const ProcessedRoi& roi) {
  imaging::Index3 lo{roi.size[0], roi.size[1], roi.size[2]};
  imaging::Index3 hi{-1, -1, -1};
  for (int64_t k = 0; k < roi.size[2]; ++k) {
    for (int64_t j = 0; j < roi.size[1]; ++j) {
      for (int64_t i = 0; i < roi.size[0]; ++i) {
        if (!roi.morphological[roi.Offset(i, j, k)]) continue;
        const imaging::Index3 at{i, j, k};
        for (int a = 0; a < 3; ++a) {
          lo[a] = std::min(lo[a], at[a]);
          hi[a] = std::max(hi[a], at[a]);
        }
      }
    }
  }

  TextureInput input;
  input.spacing = roi.spacing;
  input.num_levels = roi.texture.num_levels;
  if (hi[0] < 0) return input;  // empty mask
  for (int a = 0; a < 3; ++a) input.size[a] = hi[a] - lo[a] + 1;
  const auto n = static_cast<size_t>(input.size[0] * input.size[1] * input.size[2]);
  input.grey.resize(n);
  input.morphological.resize(n);
  size_t out = 0;
  for (int64_t k = lo[2]; k <= hi[2]; ++k) {
    for (int64_t j = lo[1]; j <= hi[1]; ++j) {
      const int64_t row = roi.Offset(lo[0], j, k);
      std::copy_n(roi.texture.levels.begin() + row, input.size[0], input.grey.begin() + out);
      std::copy_n(roi.morphological.begin() + row, input.size[0],
                  input.morphological.begin() + out);
      out += static_cast<size_t>(input.size[0]);
    }
  }
  return input;
}

}  // namespace radfed::radiomics
