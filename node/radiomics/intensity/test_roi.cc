#include "node/radiomics/intensity/test_roi.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace radfed::radiomics::testing {

ProcessedRoi MakeRoi(imaging::Index3 size, imaging::Vec3 spacing, std::vector<float> intensity,
                     std::vector<uint8_t> mask) {
  ProcessedRoi roi;
  roi.size = size;
  roi.spacing = spacing;
  if (mask.empty()) mask.assign(intensity.size(), 1);
  roi.intensity = std::move(intensity);
  roi.morphological = mask;
  roi.intensity_mask = mask;
  roi.histogram.levels.assign(roi.intensity.size(), 0);
  for (size_t v = 0; v < roi.intensity.size(); ++v) {
    if (!mask[v]) continue;
    roi.histogram.levels[v] = static_cast<int32_t>(std::lround(roi.intensity[v]));
    roi.histogram.num_levels = std::max(roi.histogram.num_levels, roi.histogram.levels[v]);
  }
  roi.texture = roi.histogram;
  return roi;
}

double ValueOf(const FeatureList& features, std::string_view feature) {
  for (const auto& f : features) {
    if (f.feature == feature) return f.value;
  }
  ADD_FAILURE() << "missing feature " << feature;
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace radfed::radiomics::testing
