#include "node/radiomics/intensity/sample_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace radfed::radiomics {
namespace {

double MeanOf(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double MeanDistanceTo(const std::vector<double>& values, double centre) {
  double sum = 0;
  for (double v : values) sum += std::abs(v - centre);
  return sum / static_cast<double>(values.size());
}

}  // namespace

double Percentile(const std::vector<double>& sorted, double fraction) {
  const double position = fraction * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

SampleStatistics DescribeSample(std::vector<double> values) {
  SampleStatistics s;
  if (values.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    s = {nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan};
    return s;
  }
  std::sort(values.begin(), values.end());
  const auto n = static_cast<double>(values.size());

  s.mean = MeanOf(values);
  double m2 = 0, m3 = 0, m4 = 0;
  for (double v : values) {
    const double d = v - s.mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  s.variance = m2;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  s.skewness = m2 > 0 ? m3 / std::pow(m2, 1.5) : nan;
  s.excess_kurtosis = m2 > 0 ? m4 / (m2 * m2) - 3 : nan;

  s.minimum = values.front();
  s.maximum = values.back();
  s.p10 = Percentile(values, 0.10);
  s.p25 = Percentile(values, 0.25);
  s.median = Percentile(values, 0.50);
  s.p75 = Percentile(values, 0.75);
  s.p90 = Percentile(values, 0.90);

  s.mean_absolute_deviation = MeanDistanceTo(values, s.mean);
  s.median_absolute_deviation = MeanDistanceTo(values, s.median);
  // The 10-90 subset: values are sorted, so it is one contiguous range.
  const std::vector<double> central(std::lower_bound(values.begin(), values.end(), s.p10),
                                    std::upper_bound(values.begin(), values.end(), s.p90));
  s.robust_mean_absolute_deviation = MeanDistanceTo(central, MeanOf(central));

  s.coefficient_of_variation = std::sqrt(s.variance) / s.mean;
  s.quartile_coefficient_of_dispersion = (s.p75 - s.p25) / (s.p75 + s.p25);
  return s;
}

}  // namespace radfed::radiomics
