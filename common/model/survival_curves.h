// Survival curves by predicted risk group, pooled from per-site counts only.
//
// Three rounds of secure sums, after the Cox model is fitted:
//   1. RiskMoments: n, Σ lp, Σ lp², Σ time. They give the scale of the linear predictor lp (for
//      the histogram below) and the mean follow-up time (for the candidate horizons).
//   2. RiskHistogram: a histogram of lp on that scale, and how many patients are still followed
//      beyond each candidate horizon. The pooled tertiles of lp, to histogram resolution, split
//      the patients into low / intermediate / high risk; the horizon, unless the study gives one,
//      is the last candidate beyond which at least a tenth of the patients are still followed.
//   3. SurvivalCounts: per (risk group, interval of an equal time grid up to the horizon) the
//      number at risk at the start, the events and the censorings in the interval.
// No round sends a time or a score of one patient: only counts and sums over a site's patients,
// and the coordinator sees only their sum over sites.
//
// The estimate is the actuarial life table (Cutler–Ederer): over an interval with n at risk at
// its start, d events and c censorings, S is multiplied by 1 − d / (n − c/2), i.e. censored
// patients count as at risk for half of the interval. The exact Kaplan–Meier factor over the same
// interval, the product over its event times, lies between (n − c − d)/(n − c) (all censorings
// before the events) and (n − d)/n (all after); the actuarial factor lies between them too, and
// all three agree when the interval holds no censoring. Finer grids bring it closer to the exact
// KM, at the price of steps that describe fewer patients.
//
// Merging: consecutive intervals are joined until, in every risk group, the events and
// censorings of the joined interval, and the patients still followed after it, are each either
// none or at least `min_patients`, so that no step of a curve, no number at risk and no change of
// one describes fewer patients than that. Intervals at the end that cannot be joined so are left
// out: the curves end earlier.
#pragma once

#include <Eigen/Dense>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/model/local_data.h"

namespace radfed::model {

inline constexpr size_t kRiskBins = 1000;
inline constexpr size_t kRiskGroups = 3;
inline constexpr size_t kHorizonCandidates = 40;
inline constexpr double kMinPatientsPerStep = 5;
// The default horizon keeps at least this fraction of the patients under follow-up.
inline constexpr double kHorizonFollowedFraction = 0.1;

// Round 1, site side: [n, Σ lp, Σ lp², Σ time] over the site's complete cases.
std::vector<double> RiskMoments(const LocalData& data, const Eigen::VectorXd& score);

// Where the linear predictor is binned: the logistic function of (lp − center) / spread,
// cut into kRiskBins equal bins of (0, 1), so no score falls outside.
struct RiskScale {
  double center = 0, spread = 1;
  double mean_time = 0;
  double n = 0;
  // From the pooled RiskMoments; a spread that is not positive becomes 1.
  static RiskScale FromMoments(const std::vector<double>& sum);
  size_t Bin(double lp) const;
  // The upper edge of `bin` on the scale of lp (+∞ for the last bin).
  double UpperEdge(size_t bin) const;
};

// Candidate horizons: j × step for j = 1 .. kHorizonCandidates, where step is the largest 1, 2 or
// 5 × 10^k not above a quarter of the mean follow-up time (1 when that is not positive). Fewer
// than a tenth of the patients can be followed beyond ten times the mean, so the last candidate
// is always far enough.
std::vector<double> HorizonCandidates(double mean_time);

// Round 2, site side: [lp histogram (kRiskBins), patients followed beyond each of `horizons`].
std::vector<double> RiskHistogram(const LocalData& data, const Eigen::VectorXd& score, const RiskScale& scale,
                                  const std::vector<double>& horizons);

// Cut-offs between the groups on the scale of lp: low is lp ≤ cutoffs[0], intermediate
// cutoffs[0] < lp ≤ cutoffs[1], high lp > cutoffs[1]. They are upper bin edges: the first bins
// whose cumulative pooled count reaches one and two thirds of the patients.
std::array<double, 2> TertileCutoffs(const std::vector<double>& histogram, const RiskScale& scale);
size_t RiskGroup(double lp, const std::array<double, 2>& cutoffs);
const char* RiskGroupName(size_t group);

// The last candidate beyond which at least kHorizonFollowedFraction of the `n` patients are still
// followed (the first candidate if none is); `followed` is the pooled tail of RiskHistogram.
double DefaultHorizon(const std::vector<double>& followed, const std::vector<double>& horizons, double n);

// Interval edges 0 = t_0 < t_1 < ... < t_K = horizon, equally spaced.
std::vector<double> TimeGrid(double horizon, int intervals);

// Round 3, site side: for group g and interval k (t_k, t_{k+1}] (the first also holds time 0),
// at index 3 (g K + k): the patients still followed beyond t_k (all of the group for k = 0), the
// events and the censorings in the interval. Patients followed beyond the horizon are at risk in
// every interval.
std::vector<double> SurvivalCounts(const LocalData& data, const Eigen::VectorXd& score,
                                   const std::array<double, 2>& cutoffs, const std::vector<double>& edges);

struct SurvivalCurve {
  size_t group = 0;
  double patients = 0;
  // At each time of the merged grid: the life-table survival (nullopt where nobody was at risk)
  // and the patients followed beyond it; per merged interval: events and censorings.
  std::vector<std::optional<double>> survival;
  std::vector<double> at_risk, events, censored;
};

struct SurvivalCurves {
  std::vector<double> time;  // the merged grid, from 0
  std::vector<SurvivalCurve> curves;  // groups with at least one patient, low to high
};

// The curves from the pooled SurvivalCounts on `edges`, merged as described above.
SurvivalCurves LifeTable(const std::vector<double>& counts, const std::vector<double>& edges,
                         double min_patients = kMinPatientsPerStep);

}  // namespace radfed::model
