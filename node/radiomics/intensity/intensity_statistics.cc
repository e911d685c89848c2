#include "node/radiomics/intensity/intensity_statistics.h"

#include <cmath>
#include <limits>
#include <vector>

#include "node/radiomics/intensity/sample_statistics.h"

namespace radfed::radiomics {
namespace {

std::vector<double> MaskedIntensities(const ProcessedRoi& roi) {
  std::vector<double> values;
  for (size_t v = 0; v < roi.intensity.size(); ++v) {
    if (roi.intensity_mask[v]) values.push_back(roi.intensity[v]);
  }
  return values;
}

// IBSI 1: N8CA, intensity-based energy (sum of squared intensities; no voxel volume factor).
double Energy(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v * v;
  return sum;
}

// IBSI 1: 5ZWQ, root mean square intensity.
double RootMeanSquare(const std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(Energy(values) / static_cast<double>(values.size()));
}

}  // namespace

void ComputeIntensityStatisticsFeatures(const ProcessedRoi& roi, FeatureList& out) {
  const std::vector<double> values = MaskedIntensities(roi);
  const SampleStatistics s = DescribeSample(values);
  FamilyWriter w(out, "Intensity-based statistical features");
  w.Add("Mean intensity", "Q4LE", s.mean);
  w.Add("Intensity variance", "ECT3", s.variance);
  w.Add("Intensity skewness", "KE2A", s.skewness);
  w.Add("(Excess) intensity kurtosis", "IPH6", s.excess_kurtosis);
  w.Add("Median intensity", "Y12H", s.median);
  w.Add("Minimum intensity", "1GSF", s.minimum);
  w.Add("10th intensity percentile", "QG58", s.p10);
  w.Add("90th intensity percentile", "8DWT", s.p90);
  w.Add("Maximum intensity", "84IY", s.maximum);
  w.Add("Intensity interquartile range", "SALO", s.p75 - s.p25);
  w.Add("Intensity range", "2OJQ", s.maximum - s.minimum);
  w.Add("Intensity-based mean absolute deviation", "4FUA", s.mean_absolute_deviation);
  w.Add("Intensity-based robust mean absolute deviation", "1128",
        s.robust_mean_absolute_deviation);
  w.Add("Intensity-based median absolute deviation", "N72L", s.median_absolute_deviation);
  w.Add("Intensity-based coefficient of variation", "7TET", s.coefficient_of_variation);
  w.Add("Intensity-based quartile coefficient of dispersion", "9S40",
        s.quartile_coefficient_of_dispersion);
  w.Add("Intensity-based energy", "N8CA", Energy(values));
  w.Add("Root mean square intensity", "5ZWQ", RootMeanSquare(values));
}

}  // namespace radfed::radiomics
