// How texture features are aggregated over slices and directions (IBSI 1, section 3.6.1), and
// the aggregation strings the IBSI reference tables use for them.
#pragma once

#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

namespace radfed::radiomics {

inline constexpr std::string_view kAggregation2DAveraged = "2D, averaged";
inline constexpr std::string_view kAggregation2DSliceMerged = "2D, slice-merged";
inline constexpr std::string_view kAggregation2_5DDirectionMerged = "2.5D, direction-merged";
inline constexpr std::string_view kAggregation2_5DMerged = "2.5D, merged";
inline constexpr std::string_view kAggregation3DAveraged = "3D, averaged";
inline constexpr std::string_view kAggregation3DMerged = "3D, merged";
// Families without directions (GLSZM, GLDZM, NGTDM, NGLDM) use the dimension alone.
inline constexpr std::string_view kAggregation2D = "2D";
inline constexpr std::string_view kAggregation2_5D = "2.5D";
inline constexpr std::string_view kAggregation3D = "3D";

// Feature-wise mean of several feature vectors (one per slice and/or direction), all of the same
// length. A feature that is undefined (NaN) for some parts is averaged over the others, so that
// one single-level slice does not make a whole 2D feature undefined; it is NaN only when it is
// undefined for every part.
inline std::vector<double> FeatureMean(const std::vector<std::vector<double>>& parts) {
  if (parts.empty()) return {};
  std::vector<double> sum(parts.front().size(), 0.0);
  std::vector<size_t> count(sum.size(), 0);
  for (const auto& part : parts) {
    for (size_t f = 0; f < sum.size(); ++f) {
      if (std::isnan(part[f])) continue;
      sum[f] += part[f];
      ++count[f];
    }
  }
  for (size_t f = 0; f < sum.size(); ++f) sum[f] = count[f] ? sum[f] / count[f] : NAN;
  return sum;
}

}  // namespace radfed::radiomics
