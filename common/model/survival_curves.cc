#include "common/model/survival_curves.h"

#include <algorithm>
#include <cmath>

namespace radfed::model {

std::vector<double> RiskMoments(const LocalData& data, const Eigen::VectorXd& score) {
  std::vector<double> out(4, 0.0);
  out[0] = static_cast<double>(score.size());
  for (Eigen::Index r = 0; r < score.size(); ++r) {
    out[1] += score[r];
    out[2] += score[r] * score[r];
    out[3] += data.time[r];
  }
  return out;
}

RiskScale RiskScale::FromMoments(const std::vector<double>& sum) {
  RiskScale s;
  if (sum.size() != 4 || !(sum[0] > 0)) return s;
  s.n = sum[0];
  s.center = sum[1] / s.n;
  const double variance = sum[2] / s.n - s.center * s.center;
  s.spread = variance > 0 && std::isfinite(variance) ? std::sqrt(variance) : 1.0;
  s.mean_time = sum[3] / s.n;
  return s;
}

size_t RiskScale::Bin(double lp) const {
  const double u = 1.0 / (1.0 + std::exp(-(lp - center) / spread));
  if (!(u > 0)) return 0;  // also NaN
  return std::min(kRiskBins - 1, static_cast<size_t>(u * static_cast<double>(kRiskBins)));
}

double RiskScale::UpperEdge(size_t bin) const {
  if (bin + 1 >= kRiskBins) return INFINITY;
  const double u = static_cast<double>(bin + 1) / static_cast<double>(kRiskBins);
  return center + spread * std::log(u / (1 - u));
}

std::vector<double> HorizonCandidates(double mean_time) {
  const double quarter = mean_time / 4;
  double step = 1;
  if (quarter > 0 && std::isfinite(quarter)) {
    const double magnitude = std::pow(10.0, std::floor(std::log10(quarter)));
    step = magnitude;
    for (double m : {2.0, 5.0}) {
      if (m * magnitude <= quarter * (1 + 1e-12)) step = m * magnitude;
    }
  }
  std::vector<double> horizons;
  for (size_t j = 1; j <= kHorizonCandidates; ++j) horizons.push_back(static_cast<double>(j) * step);
  return horizons;
}

std::vector<double> RiskHistogram(const LocalData& data, const Eigen::VectorXd& score, const RiskScale& scale,
                                  const std::vector<double>& horizons) {
  std::vector<double> out(kRiskBins + horizons.size(), 0.0);
  for (Eigen::Index r = 0; r < score.size(); ++r) {
    out[scale.Bin(score[r])] += 1;
    for (size_t j = 0; j < horizons.size(); ++j) {
      if (data.time[r] > horizons[j]) out[kRiskBins + j] += 1;
    }
  }
  return out;
}

std::array<double, 2> TertileCutoffs(const std::vector<double>& histogram, const RiskScale& scale) {
  std::array<double, 2> cutoffs = {INFINITY, INFINITY};
  double n = 0;
  for (size_t b = 0; b < kRiskBins && b < histogram.size(); ++b) n += histogram[b];
  double cumulative = 0;
  bool first = false;
  for (size_t b = 0; b < kRiskBins && b < histogram.size(); ++b) {
    cumulative += histogram[b];
    // Counts are integers, so 3 × cumulative ≥ n compares exactly.
    if (!first && 3 * cumulative >= n) {
      cutoffs[0] = scale.UpperEdge(b);
      first = true;
    }
    if (3 * cumulative >= 2 * n) {
      cutoffs[1] = scale.UpperEdge(b);
      break;
    }
  }
  return cutoffs;
}

size_t RiskGroup(double lp, const std::array<double, 2>& cutoffs) {
  if (lp <= cutoffs[0]) return 0;
  if (lp <= cutoffs[1]) return 1;
  return 2;
}

const char* RiskGroupName(size_t group) {
  switch (group) {
    case 0: return "low";
    case 1: return "intermediate";
    default: return "high";
  }
}

double DefaultHorizon(const std::vector<double>& followed, const std::vector<double>& horizons, double n) {
  if (horizons.empty()) return 1;
  for (size_t j = std::min(followed.size(), horizons.size()); j-- > 0;) {
    if (followed[j] >= kHorizonFollowedFraction * n) return horizons[j];
  }
  return horizons.front();
}

std::vector<double> TimeGrid(double horizon, int intervals) {
  std::vector<double> edges;
  for (int k = 0; k <= intervals; ++k) edges.push_back(horizon * k / intervals);
  return edges;
}

std::vector<double> SurvivalCounts(const LocalData& data, const Eigen::VectorXd& score,
                                   const std::array<double, 2>& cutoffs, const std::vector<double>& edges) {
  const size_t intervals = edges.size() - 1;
  std::vector<double> out(3 * kRiskGroups * intervals, 0.0);
  for (Eigen::Index r = 0; r < score.size(); ++r) {
    const size_t g = RiskGroup(score[r], cutoffs);
    const double t = data.time[r];
    // The interval (t_k, t_{k+1}] holding t; past the horizon the patient is at risk throughout.
    const size_t k = static_cast<size_t>(std::lower_bound(edges.begin() + 1, edges.end(), t) - (edges.begin() + 1));
    for (size_t i = 0; i < std::min(k + 1, intervals); ++i) out[3 * (g * intervals + i)] += 1;
    if (k < intervals) out[3 * (g * intervals + k) + (data.outcome[r] != 0 ? 1 : 2)] += 1;
  }
  return out;
}

SurvivalCurves LifeTable(const std::vector<double>& counts, const std::vector<double>& edges, double min_patients) {
  SurvivalCurves result;
  if (edges.size() < 2 || counts.size() != 3 * kRiskGroups * (edges.size() - 1)) return result;
  const size_t intervals = edges.size() - 1;
  auto at = [&](size_t g, size_t k, size_t what) { return counts[3 * (g * intervals + k) + what]; };

  // Starts of the merged intervals, and where the last one ends.
  std::vector<size_t> starts = {0};
  std::array<double, kRiskGroups> pending{};
  for (size_t k = 0; k < intervals; ++k) {
    bool closes = true;
    for (size_t g = 0; g < kRiskGroups; ++g) {
      pending[g] += at(g, k, 1) + at(g, k, 2);
      const double remaining = at(g, k, 0) - at(g, k, 1) - at(g, k, 2);
      if ((pending[g] > 0 && pending[g] < min_patients) || (remaining > 0 && remaining < min_patients)) closes = false;
    }
    if (closes) {
      starts.push_back(k + 1);
      pending.fill(0);
    }
  }
  for (size_t s : starts) result.time.push_back(edges[s]);

  for (size_t g = 0; g < kRiskGroups; ++g) {
    if (!(at(g, 0, 0) > 0)) continue;
    SurvivalCurve curve;
    curve.group = g;
    curve.patients = at(g, 0, 0);
    std::optional<double> survival = 1.0;
    curve.survival.push_back(survival);
    curve.at_risk.push_back(curve.patients);
    for (size_t j = 0; j + 1 < starts.size(); ++j) {
      const double n = at(g, starts[j], 0);
      double d = 0, c = 0;
      for (size_t k = starts[j]; k < starts[j + 1]; ++k) {
        d += at(g, k, 1);
        c += at(g, k, 2);
      }
      if (!(n > 0)) survival.reset();
      if (survival) *survival *= 1 - d / (n - c / 2);
      curve.survival.push_back(survival);
      curve.at_risk.push_back(n - d - c);
      curve.events.push_back(d);
      curve.censored.push_back(c);
    }
    result.curves.push_back(std::move(curve));
  }
  return result;
}

}  // namespace radfed::model
