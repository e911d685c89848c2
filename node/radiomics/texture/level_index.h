// LevelIndex: numbers the grey levels present in a TextureInput 0..count-1.
//
// Texture matrices are indexed by these compact indices rather than by grey level, so that a
// matrix has one row per level that actually occurs: with fine discretisation (or none) most of
// 1..Ng is empty, and dense Ng x Ng matrices would cost memory and time for nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

class LevelIndex {
 public:
  explicit LevelIndex(const TextureInput& input) : index_of_(input.num_levels + 1, -1) {
    for (int32_t g : input.grey) {
      if (g > 0) index_of_[g] = 0;
    }
    for (int32_t g = 1; g <= input.num_levels; ++g) {
      if (index_of_[g] < 0) continue;
      index_of_[g] = static_cast<int32_t>(levels_.size());
      levels_.push_back(g);
    }
  }

  int32_t count() const { return static_cast<int32_t>(levels_.size()); }
  // The compact index of grey level g (1..num_levels) that occurs in the input.
  int32_t IndexOf(int32_t g) const { return index_of_[g]; }
  // The grey level of compact index c, as a double because features compute with it.
  double Level(int32_t c) const { return levels_[c]; }

 private:
  std::vector<int32_t> index_of_;
  std::vector<int32_t> levels_;
};

// GLCM (levels x levels) and GLRLM (levels x run lengths) keep one dense matrix per direction, 13
// in 3D, so their memory grows with the square of the distinct levels, or with levels times the
// ROI's extent: 2048 levels take 436 MB for GLCM, 65536 would take 447 GB.
inline constexpr int32_t kMaxDenseMatrixLevels = 2048;

// InvalidArgument, naming `family`, the count and what to change, if `distinct_levels` (a
// LevelIndex's count) exceeds it.
inline Status CheckDenseMatrixLevels(int32_t distinct_levels, std::string_view family) {
  if (distinct_levels <= kMaxDenseMatrixLevels) return Status::Ok();
  return Status::InvalidArgument(std::string(family) + ": the ROI holds " + std::to_string(distinct_levels) +
                                 " distinct grey levels after discretisation, and its matrices take at most " +
                                 std::to_string(kMaxDenseMatrixLevels) +
                                 "; use a larger bin_width or a smaller bin_count");
}

}  // namespace radfed::radiomics
