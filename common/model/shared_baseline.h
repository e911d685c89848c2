// Cox regression with a baseline hazard shared across sites.
//
// By default radfed stratifies the Cox model by site, so each site's partial likelihood is
// self-contained and no event time leaves it. When a study declares `shared_baseline: true`, sites
// with the same stratum (the value of the study's single strata column, or one stratum for all)
// share one baseline hazard, as in the pooled analysis where, e.g., one cohort is spread over two
// hospitals. The partial likelihood then needs, at every event time of a stratum, sums over the
// risk sets of all sites — which are still only sums:
//
//  1. EventTimeHistogram: every site counts its events per (stratum, integer time 0..time_max);
//     the secure sum gives the stratum's distinct event times (the grid). This discloses the set
//     of event times and how many events happened at each — the pooled Kaplan–Meier jump points —
//     but not which site or patient they belong to.
//  2. RiskSetSums at coefficients beta: for every grid time t, over the site's rows of that
//     stratum, S0 = Σ_{T>=t} w, S1 = Σ w x, S2 = Σ w x x' (upper), and over its events at t:
//     D0, D1, D2, the number of events d and A = Σ x, with w = exp((x - center)·beta).
//  3. SharedBaselineContribution: from the summed sums, the exact Efron/Breslow partial
//     log-likelihood, gradient and Hessian of the pooled stratified model.
//
// Times must be integers (e.g. days); `center` (pooled means, from a moments round) keeps exp()
// in range and cancels out of the likelihood.
#pragma once

#include <Eigen/Dense>

#include <vector>

#include "common/model/contribution.h"
#include "common/model/local_data.h"
#include "common/status.h"

namespace radfed::model {

struct StrataLevels {
  // Values of the strata column that form the shared strata, in order; empty: one stratum.
  std::vector<double> values;
  size_t count() const { return values.empty() ? 1 : values.size(); }
};

// Counts of events per stratum and integer time: length levels.count() * (time_max + 1).
// Errors: non-integer or negative times, times above time_max, stratum values not declared.
Result<std::vector<double>> EventTimeHistogram(const LocalData& data, const StrataLevels& levels, int time_max);

// The distinct event times of each stratum, ascending, from the summed histogram.
struct EventGrid {
  std::vector<std::vector<int>> times;  // per stratum
  size_t size() const;                  // total number of grid times
};
Result<EventGrid> GridFromHistogram(const std::vector<double>& histogram, size_t strata, int time_max);

// Per-grid-time layout of RiskSetSums, p = number of terms, u = p(p+1)/2:
//   [S0, S1 (p), S2 (u), D0, D1 (p), D2 (u), d, A (p)], then two trailing values: n and events.
size_t RiskSetSumsSize(const EventGrid& grid, size_t p);
Result<std::vector<double>> RiskSetSums(const LocalData& data, const StrataLevels& levels, const EventGrid& grid,
                                        const Eigen::VectorXd& beta, const std::vector<double>& center);

// The pooled partial likelihood at beta from the summed RiskSetSums.
Result<Contribution> SharedBaselineContribution(const std::vector<double>& sums, const EventGrid& grid, size_t p,
                                                const Eigen::VectorXd& beta, const std::vector<double>& center,
                                                Ties ties);

}  // namespace radfed::model
