#include "node/radiomics/preprocessing/resegmentation.h"

#include <cmath>
#include <limits>

namespace radfed::radiomics {

std::vector<uint8_t> Resegment(const std::vector<float>& intensity,
                               const std::vector<uint8_t>& morphological,
                               const ExtractionParams& params) {
  const double low = params.range_min.value_or(-std::numeric_limits<double>::infinity());
  const double high = params.range_max.value_or(std::numeric_limits<double>::infinity());
  std::vector<uint8_t> mask(morphological.size(), 0);
  double sum = 0;
  int64_t count = 0;
  for (size_t v = 0; v < mask.size(); ++v) {
    const double x = intensity[v];
    if (morphological[v] && x >= low && x <= high) {
      mask[v] = 1;
      sum += x;
      ++count;
    }
  }
  if (!params.outlier_sd || count == 0) return mask;

  const double mean = sum / static_cast<double>(count);
  double squares = 0;
  for (size_t v = 0; v < mask.size(); ++v)
    if (mask[v]) squares += (intensity[v] - mean) * (intensity[v] - mean);
  const double limit = *params.outlier_sd * std::sqrt(squares / static_cast<double>(count));
  for (size_t v = 0; v < mask.size(); ++v)
    if (mask[v] && std::abs(intensity[v] - mean) > limit) mask[v] = 0;
  return mask;
}

}  // namespace radfed::radiomics
