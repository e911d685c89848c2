#include "common/model/discrimination.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace radfed::model {
namespace {

// Fenwick tree counting inserted scores by rank.
class RankCounter {
 public:
  explicit RankCounter(size_t n) : tree_(n + 1, 0.0) {}
  void Add(size_t rank) {
    for (size_t i = rank + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += 1;
  }
  // Number of inserted scores with rank < r.
  double Below(size_t r) const {
    double s = 0;
    for (size_t i = r; i > 0; i -= i & (~i + 1)) s += tree_[i];
    return s;
  }
  double total() const { return Below(tree_.size() - 1); }

 private:
  std::vector<double> tree_;
};

}  // namespace

double ConcordanceCounts::C() const {
  const double pairs = concordant + discordant + tied_risk;
  return pairs > 0 ? (concordant + tied_risk / 2) / pairs : NAN;
}

ConcordanceCounts Concordance(const LocalData& data, const Eigen::VectorXd& score) {
  ConcordanceCounts counts;
  std::map<int, std::vector<Eigen::Index>> strata;
  for (Eigen::Index r = 0; r < data.time.size(); ++r) strata[data.stratum[static_cast<size_t>(r)]].push_back(r);
  for (auto& [id, rows] : strata) {
    // Ranks of distinct scores within the stratum.
    std::vector<double> sorted;
    for (Eigen::Index r : rows) sorted.push_back(score[r]);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    auto rank = [&](Eigen::Index r) {
      return static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), score[r]) - sorted.begin());
    };
    std::sort(rows.begin(), rows.end(), [&](Eigen::Index a, Eigen::Index b) { return data.time[a] > data.time[b]; });
    RankCounter at_risk(sorted.size());
    size_t k = 0;
    while (k < rows.size()) {
      size_t end = k;
      while (end < rows.size() && data.time[rows[end]] == data.time[rows[k]]) ++end;
      // Censored at this time: still at risk after the events at this time.
      for (size_t i = k; i < end; ++i)
        if (data.outcome[rows[i]] == 0) at_risk.Add(rank(rows[i]));
      for (size_t i = k; i < end; ++i) {
        if (data.outcome[rows[i]] == 0) continue;
        const size_t r = rank(rows[i]);
        const double lower = at_risk.Below(r), not_higher = at_risk.Below(r + 1);
        counts.concordant += lower;                        // partner's score lower: concordant
        counts.tied_risk += not_higher - lower;
        counts.discordant += at_risk.total() - not_higher;
      }
      for (size_t i = k; i < end; ++i)
        if (data.outcome[rows[i]] != 0) at_risk.Add(rank(rows[i]));
      k = end;
    }
  }
  return counts;
}

std::vector<double> AucHistogram(const LocalData& data, const Eigen::VectorXd& score) {
  std::vector<double> histogram(2 * kAucBins, 0.0);
  for (Eigen::Index r = 0; r < score.size(); ++r) {
    const double p = 1.0 / (1.0 + std::exp(-score[r]));
    const size_t bin = std::min(kAucBins - 1, static_cast<size_t>(p * kAucBins));
    histogram[(data.outcome[r] != 0 ? kAucBins : 0) + bin] += 1;
  }
  return histogram;
}

AucResult AucFromHistogram(const std::vector<double>& histogram) {
  AucResult result;
  if (histogram.size() != 2 * kAucBins) return result;
  double positives_above = 0, wins = 0;
  result.exact = true;
  for (size_t b = kAucBins; b-- > 0;) {
    const double neg = histogram[b], pos = histogram[kAucBins + b];
    wins += neg * (positives_above + 0.5 * pos);
    if (neg > 0 && pos > 0) result.exact = false;
    positives_above += pos;
    result.negatives += neg;
  }
  result.positives = positives_above;
  result.auc = result.positives > 0 && result.negatives > 0 ? wins / (result.positives * result.negatives) : NAN;
  return result;
}

std::vector<RocPoint> RocFromHistogram(const std::vector<double>& histogram, double min_patients) {
  std::vector<RocPoint> curve;
  const AucResult totals = AucFromHistogram(histogram);
  if (!(totals.positives > 0 && totals.negatives > 0)) return curve;
  curve.push_back({0, 0});
  double tp = 0, fp = 0, pending = 0;
  for (size_t b = kAucBins; b-- > 0;) {
    fp += histogram[b];
    tp += histogram[kAucBins + b];
    pending += histogram[b] + histogram[kAucBins + b];
    if (pending >= min_patients) {
      curve.push_back({fp / totals.negatives, tp / totals.positives});
      pending = 0;
    }
  }
  // The curve ends at (1, 1). Patients left over below the minimum join the step before them
  // (whose end point is dropped), so the last step does not describe fewer patients either.
  if (pending > 0) {
    if (curve.size() > 1) curve.pop_back();
    curve.push_back({1, 1});
  }
  return curve;
}

}  // namespace radfed::model
