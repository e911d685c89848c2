// Discrimination statistics that can be pooled from per-site sums.
//
// Harrell's C: a site counts, over pairs of its own patients within the same stratum, how often
// the one who failed first had the higher risk score. Pairs never cross sites (that would need
// patient-level data from two hospitals), so the pooled C is the within-site C, as R's
// concordance() with strata(site) computes it.
//
// AUC: a site sends how many positives and negatives fall into each of kAucBins equal bins of
// predicted probability; the pooled AUC counts pairs in different bins exactly and pairs within
// one bin as ties (half). When no bin holds both a positive and a negative, this equals the exact
// (Mann–Whitney) AUC, and the result says so.
#pragma once

#include <Eigen/Dense>

#include <vector>

#include "common/model/local_data.h"

namespace radfed::model {

struct ConcordanceCounts {
  double concordant = 0, discordant = 0, tied_risk = 0;
  // (concordant + tied_risk / 2) / (concordant + discordant + tied_risk); NaN without pairs.
  double C() const;
};

// Comparable pairs (i, j): i had an event and j was still at risk after i's time (a later time,
// or the same time but censored); both in the same stratum. `score` is the linear predictor.
// O(n log n).
ConcordanceCounts Concordance(const LocalData& data, const Eigen::VectorXd& score);

inline constexpr size_t kAucBins = 10000;

// [negatives per bin (kAucBins), positives per bin (kAucBins)] of the predicted probability.
std::vector<double> AucHistogram(const LocalData& data, const Eigen::VectorXd& score);

struct AucResult {
  double auc = 0;
  bool exact = false;  // no bin mixed positives and negatives
  double positives = 0, negatives = 0;
};
AucResult AucFromHistogram(const std::vector<double>& histogram);

// A point of the ROC curve: the rates of predicting positive at one probability threshold.
struct RocPoint {
  double fpr = 0, tpr = 0;
};

// The ROC curve of the pooled histogram (as AucHistogram lays it out), from (0, 0) to (1, 1),
// lowering the threshold bin by bin. Consecutive bins are merged until a step holds at least
// `min_patients` patients, so no point of the curve moves by one patient: the curve describes the
// pooled cohort, never an individual's predicted probability. Empty without both classes.
std::vector<RocPoint> RocFromHistogram(const std::vector<double>& histogram, double min_patients = 5);

}  // namespace radfed::model
