#include "node/radiomics/intensity/intensity_histogram.h"

#include <cmath>
#include <vector>

#include "node/radiomics/intensity/sample_statistics.h"

namespace radfed::radiomics {
namespace {

// Voxel counts per grey level; counts[0] is unused so that counts[i] belongs to level i.
std::vector<double> CountLevels(const ProcessedRoi& roi, std::vector<double>& values) {
  std::vector<double> counts(static_cast<size_t>(roi.histogram.num_levels) + 1, 0.0);
  for (size_t v = 0; v < roi.histogram.levels.size(); ++v) {
    const int32_t level = roi.histogram.levels[v];
    if (!roi.intensity_mask[v] || level < 1) continue;
    counts[static_cast<size_t>(level)] += 1;
    values.push_back(level);
  }
  return counts;
}

// IBSI 1: AMMC, intensity histogram mode. Of several equally frequent levels the one nearest the
// mean discretised intensity is taken (the lower one on a tie), as the manual asks.
double Mode(const std::vector<double>& counts, double mean) {
  double mode = kNaN;
  double best = 0;
  for (size_t i = 1; i < counts.size(); ++i) {
    const auto level = static_cast<double>(i);
    if (counts[i] > best || (counts[i] == best && best > 0 &&
                             std::abs(level - mean) < std::abs(mode - mean))) {
      best = counts[i];
      mode = level;
    }
  }
  return mode;
}

// IBSI 1: TLU2, discretised intensity entropy (base 2).
double Entropy(const std::vector<double>& counts, double total) {
  double entropy = 0;
  for (size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > 0) entropy -= counts[i] / total * std::log2(counts[i] / total);
  }
  return total > 0 ? entropy : kNaN;
}

// IBSI 1: BJ5W, discretised intensity uniformity.
double Uniformity(const std::vector<double>& counts, double total) {
  double uniformity = 0;
  for (size_t i = 1; i < counts.size(); ++i) uniformity += (counts[i] / total) * (counts[i] / total);
  return total > 0 ? uniformity : kNaN;
}

// The histogram gradient H'(i): a one-sided difference at the first and last level, a central
// difference elsewhere. Element 0 is unused.
std::vector<double> Gradient(const std::vector<double>& counts) {
  const size_t last = counts.size() - 1;
  std::vector<double> gradient(counts.size(), kNaN);
  if (last < 2) return gradient;
  gradient[1] = counts[2] - counts[1];
  gradient[last] = counts[last] - counts[last - 1];
  for (size_t i = 2; i < last; ++i) gradient[i] = (counts[i + 1] - counts[i - 1]) / 2;
  return gradient;
}

struct Extremum {
  double value = kNaN;
  double level = kNaN;
};

// The largest (sign +1) or smallest (sign -1) gradient and the lowest level where it occurs.
Extremum GradientExtremum(const std::vector<double>& gradient, double sign) {
  Extremum e;
  for (size_t i = 1; i < gradient.size(); ++i) {
    if (std::isnan(gradient[i])) continue;
    if (std::isnan(e.value) || sign * gradient[i] > sign * e.value) {
      e.value = gradient[i];
      e.level = static_cast<double>(i);
    }
  }
  return e;
}

}  // namespace

void ComputeIntensityHistogramFeatures(const ProcessedRoi& roi, FeatureList& out) {
  std::vector<double> values;
  const std::vector<double> counts = CountLevels(roi, values);
  const auto total = static_cast<double>(values.size());
  const SampleStatistics s = DescribeSample(std::move(values));
  const std::vector<double> gradient = Gradient(counts);
  const Extremum max_gradient = GradientExtremum(gradient, +1);
  const Extremum min_gradient = GradientExtremum(gradient, -1);

  FamilyWriter w(out, "Intensity histogram features");
  w.Add("Mean discretised intensity", "X6K6", s.mean);
  w.Add("Discretised intensity variance", "CH89", s.variance);
  w.Add("Discretised intensity skewness", "88K1", s.skewness);
  w.Add("(Excess) discretised intensity kurtosis", "C3I7", s.excess_kurtosis);
  w.Add("Median discretised intensity", "WIFQ", s.median);
  w.Add("Minimum discretised intensity", "1PR8", s.minimum);
  w.Add("10th discretised intensity percentile", "GPMT", s.p10);
  w.Add("90th discretised intensity percentile", "OZ0C", s.p90);
  w.Add("Maximum discretised intensity", "3NCY", s.maximum);
  w.Add("Intensity histogram mode", "AMMC", Mode(counts, s.mean));
  w.Add("Discretised intensity interquartile range", "WR0O", s.p75 - s.p25);
  w.Add("Discretised intensity range", "5Z3W", s.maximum - s.minimum);
  w.Add("Intensity histogram mean absolute deviation", "D2ZX", s.mean_absolute_deviation);
  w.Add("Intensity histogram robust mean absolute deviation", "WRZB",
        s.robust_mean_absolute_deviation);
  w.Add("Intensity histogram median absolute deviation", "4RNL", s.median_absolute_deviation);
  w.Add("Intensity histogram coefficient of variation", "CWYJ", s.coefficient_of_variation);
  w.Add("Intensity histogram quartile coefficient of dispersion", "SLWD",
        s.quartile_coefficient_of_dispersion);
  w.Add("Discretised intensity entropy", "TLU2", Entropy(counts, total));
  w.Add("Discretised intensity uniformity", "BJ5W", Uniformity(counts, total));
  // IBSI 1: 12CE and 8E6O, maximum histogram gradient and its grey level.
  w.Add("Maximum histogram gradient", "12CE", max_gradient.value);
  w.Add("Maximum histogram gradient intensity", "8E6O", max_gradient.level);
  // IBSI 1: VQB3 and RHQZ, minimum histogram gradient and its grey level.
  w.Add("Minimum histogram gradient", "VQB3", min_gradient.value);
  w.Add("Minimum histogram gradient intensity", "RHQZ", min_gradient.level);
}

}  // namespace radfed::radiomics
