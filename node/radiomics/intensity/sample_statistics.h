// SampleStatistics: the moments, percentiles and deviations that the intensity-based statistical
// features (IBSI 1, section 4.3) and the intensity histogram features (section 4.4) share. The
// two families apply the same definitions, once to intensities and once to discretised levels.
#pragma once

#include <vector>

namespace radfed::radiomics {

struct SampleStatistics {
  double mean = 0;
  double variance = 0;  // population variance (divides by N), as IBSI defines it
  double skewness = 0;  // NaN when the variance is 0
  double excess_kurtosis = 0;  // NaN when the variance is 0
  double minimum = 0;
  double p10 = 0;
  double p25 = 0;
  double median = 0;
  double p75 = 0;
  double p90 = 0;
  double maximum = 0;
  double mean_absolute_deviation = 0;         // from the mean
  double robust_mean_absolute_deviation = 0;  // of the values in [p10, p90], from their mean
  double median_absolute_deviation = 0;       // mean distance to the median
  double coefficient_of_variation = 0;        // standard deviation / mean
  double quartile_coefficient_of_dispersion = 0;  // (p75 - p25) / (p75 + p25)
};

// Percentile `fraction` (0..1) of ascending `sorted` by linear interpolation between the two
// nearest order statistics (position fraction * (N - 1)). `sorted` must not be empty.
double Percentile(const std::vector<double>& sorted, double fraction);

// Statistics of `values` (any order, consumed). All fields are NaN when `values` is empty.
SampleStatistics DescribeSample(std::vector<double> values);

}  // namespace radfed::radiomics
