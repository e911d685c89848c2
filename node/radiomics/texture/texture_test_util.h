// Helpers shared by the texture family tests.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string_view>
#include <vector>

#include "node/radiomics/feature_value.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics::texture_testing {

// A TextureInput of the given size whose grey levels are `grey` (0 = outside), all voxels in the
// morphological mask.
inline TextureInput MakeInput(imaging::Index3 size, std::vector<int32_t> grey) {
  TextureInput input;
  input.size = size;
  input.morphological.assign(grey.size(), 1);
  for (int32_t g : grey) input.num_levels = std::max(input.num_levels, g);
  input.grey = std::move(grey);
  return input;
}

// The value of one feature at one aggregation; NaN (and a test failure) when absent.
inline double ValueOf(const FeatureList& features, std::string_view id,
                      std::string_view aggregation) {
  for (const auto& f : features) {
    if (f.ibsi_id == id && f.aggregation == aggregation) return f.value;
  }
  ADD_FAILURE() << "no feature " << id << " at " << aggregation;
  return NAN;
}

}  // namespace radfed::radiomics::texture_testing
