#include "node/dicom/polygon_fill.h"

#include <algorithm>
#include <cmath>

namespace radfed::dicom {

void ToggleInsidePolygon(const std::vector<Point2>& polygon, int64_t width, int64_t height, uint8_t* plane) {
  const size_t n = polygon.size();
  if (n < 3) return;
  double lo = polygon[0][1], hi = polygon[0][1];
  for (const Point2& p : polygon) {
    lo = std::min(lo, p[1]);
    hi = std::max(hi, p[1]);
  }
  // Callers pass finite points; clamping keeps the integer conversions defined anyway.
  const double h = static_cast<double>(height);
  const auto j_begin = static_cast<int64_t>(std::ceil(std::clamp(lo, 0.0, h)));
  const auto j_end = static_cast<int64_t>(std::floor(std::clamp(hi, -1.0, h - 1)));
  std::vector<double> crossings;
  for (int64_t j = j_begin; j <= j_end; ++j) {
    const double y = static_cast<double>(j);
    crossings.clear();
    for (size_t e = 0; e < n; ++e) {
      const Point2& a = polygon[e];
      const Point2& b = polygon[(e + 1) % n];
      // Half-open in y: an edge covers rows with min(y) <= row < max(y), so a vertex on a row is
      // counted once and horizontal edges not at all.
      if ((a[1] <= y) != (b[1] <= y)) {
        crossings.push_back(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]));
      }
    }
    std::sort(crossings.begin(), crossings.end());
    uint8_t* row = plane + j * width;
    for (size_t c = 0; c + 1 < crossings.size(); c += 2) {
      // Centres i with crossings[c] <= i < crossings[c + 1].
      const double w = static_cast<double>(width);
      const auto i_begin = static_cast<int64_t>(std::ceil(std::clamp(crossings[c], 0.0, w)));
      const auto i_end = static_cast<int64_t>(std::ceil(std::clamp(crossings[c + 1], 0.0, w)));
      for (int64_t i = i_begin; i < i_end; ++i) row[i] ^= 1;
    }
  }
}

}  // namespace radfed::dicom
