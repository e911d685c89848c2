#include "common/model/discrimination.h"

#include <gtest/gtest.h>

#include <random>

#include "common/model/disclosure_guards.h"
#include "common/model/standardization.h"

namespace radfed::model {
namespace {

// Naive O(n^2) Harrell's C with the same rules, to check the fast version.
ConcordanceCounts NaiveConcordance(const LocalData& d, const Eigen::VectorXd& s) {
  ConcordanceCounts c;
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    if (d.outcome[i] == 0) continue;
    for (Eigen::Index j = 0; j < s.size(); ++j) {
      if (i == j || d.stratum[static_cast<size_t>(i)] != d.stratum[static_cast<size_t>(j)]) continue;
      const bool later = d.time[j] > d.time[i] || (d.time[j] == d.time[i] && d.outcome[j] == 0);
      if (!later) continue;
      if (s[i] > s[j]) c.concordant += 1;
      else if (s[i] < s[j]) c.discordant += 1;
      else c.tied_risk += 1;
    }
  }
  return c;
}

TEST(ConcordanceTest, MatchesNaiveCountsWithTiesAndStrata) {
  std::mt19937 rng(5);
  LocalData d;
  const int n = 300;
  d.time.resize(n);
  d.outcome.resize(n);
  d.stratum.resize(n);
  Eigen::VectorXd s(n);
  for (int i = 0; i < n; ++i) {
    d.time[i] = rng() % 40;                   // heavy ties in time
    d.outcome[i] = rng() % 3 != 0;
    d.stratum[static_cast<size_t>(i)] = rng() % 3;
    s[i] = static_cast<double>(rng() % 25);   // heavy ties in score
  }
  const ConcordanceCounts fast = Concordance(d, s), naive = NaiveConcordance(d, s);
  EXPECT_EQ(fast.concordant, naive.concordant);
  EXPECT_EQ(fast.discordant, naive.discordant);
  EXPECT_EQ(fast.tied_risk, naive.tied_risk);
  EXPECT_GT(fast.concordant, 0);
}

TEST(ConcordanceTest, PerfectAndReversedScores) {
  LocalData d;
  d.time = Eigen::Vector4d(1, 2, 3, 4);
  d.outcome = Eigen::Vector4d(1, 1, 1, 0);
  d.stratum = {0, 0, 0, 0};
  EXPECT_DOUBLE_EQ(Concordance(d, Eigen::Vector4d(4, 3, 2, 1)).C(), 1.0);
  EXPECT_DOUBLE_EQ(Concordance(d, Eigen::Vector4d(1, 2, 3, 4)).C(), 0.0);
  EXPECT_DOUBLE_EQ(Concordance(d, Eigen::Vector4d(1, 1, 1, 1)).C(), 0.5);
}

TEST(AucTest, HistogramAucEqualsMannWhitneyWhenBinsAreNotMixed) {
  LocalData d;
  d.outcome = Eigen::VectorXd(6);
  d.outcome << 0, 0, 1, 0, 1, 1;
  Eigen::VectorXd s(6);
  s << -2, -1, -0.5, 0.3, 1, 2;  // positives beat negatives in 8 of 9 pairs
  const AucResult r = AucFromHistogram(AucHistogram(d, s));
  EXPECT_NEAR(r.auc, 8.0 / 9.0, 1e-15);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.positives, 3);
  // Two sites: the pooled histogram is the sum of theirs.
  std::vector<double> a = AucHistogram(d, s), b = AucHistogram(d, s);
  for (size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  // Every cross-copy pair repeats a within-copy pair: still 8 of 9.
  EXPECT_NEAR(AucFromHistogram(a).auc, 8.0 / 9.0, 1e-15);
}

TEST(AucTest, SameScoreForBothClassesIsATie) {
  LocalData d;
  d.outcome = Eigen::Vector2d(0, 1);
  const AucResult r = AucFromHistogram(AucHistogram(d, Eigen::Vector2d(0.7, 0.7)));
  EXPECT_DOUBLE_EQ(r.auc, 0.5);
  EXPECT_FALSE(r.exact);
}

TEST(RocTest, CurveStepsThroughEachBinAndItsAreaIsTheAuc) {
  LocalData d;
  d.outcome = Eigen::VectorXd(6);
  d.outcome << 0, 0, 1, 0, 1, 1;
  Eigen::VectorXd s(6);
  s << -2, -1, -0.5, 0.3, 1, 2;
  const std::vector<double> h = AucHistogram(d, s);
  const std::vector<RocPoint> roc = RocFromHistogram(h, 1);
  const std::vector<std::pair<double, double>> expected{
      {0, 0}, {0, 1.0 / 3}, {0, 2.0 / 3}, {1.0 / 3, 2.0 / 3}, {1.0 / 3, 1}, {2.0 / 3, 1}, {1, 1}};
  ASSERT_EQ(roc.size(), expected.size());
  double area = 0;
  for (size_t k = 0; k < roc.size(); ++k) {
    EXPECT_NEAR(roc[k].fpr, expected[k].first, 1e-15) << k;
    EXPECT_NEAR(roc[k].tpr, expected[k].second, 1e-15) << k;
    if (k > 0) area += (roc[k].fpr - roc[k - 1].fpr) * (roc[k].tpr + roc[k - 1].tpr) / 2;
  }
  EXPECT_NEAR(area, AucFromHistogram(h).auc, 1e-15);
}

TEST(RocTest, StepsHoldAtLeastTheMinimumNumberOfPatients) {
  LocalData d;
  d.outcome = Eigen::VectorXd(6);
  d.outcome << 0, 0, 1, 0, 1, 1;
  Eigen::VectorXd s(6);
  s << -2, -1, -0.5, 0.3, 1, 2;
  // Pairs of bins from the top: {2, 1}, {0.3, -0.5}, {-1, -2}.
  const std::vector<RocPoint> roc = RocFromHistogram(AucHistogram(d, s), 2);
  ASSERT_EQ(roc.size(), 4u);
  EXPECT_NEAR(roc[1].fpr, 0, 1e-15);
  EXPECT_NEAR(roc[1].tpr, 2.0 / 3, 1e-15);
  EXPECT_NEAR(roc[2].fpr, 1.0 / 3, 1e-15);
  EXPECT_NEAR(roc[2].tpr, 1, 1e-15);
  EXPECT_NEAR(roc[3].fpr, 1, 1e-15);
  // Groups of 4 from the top: {2, 1, 0.3, -0.5}, then {-1, -2} would be a step of 2 patients, so
  // it joins the first: one step from (0, 0) to (1, 1).
  const std::vector<RocPoint> merged = RocFromHistogram(AucHistogram(d, s), 4);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_NEAR(merged[1].fpr, 1, 1e-15);
  EXPECT_NEAR(merged[1].tpr, 1, 1e-15);
  // One class only: no curve.
  d.outcome.setZero();
  EXPECT_TRUE(RocFromHistogram(AucHistogram(d, s)).empty());
}

TEST(StandardizationTest, BackTransformRecoversOriginalScaleLinearPredictor) {
  const std::vector<double> mean{50, 2}, sd{10, 0.5};
  Eigen::Vector3d beta_std(0.3, 0.8, -0.4);  // intercept, two terms
  const Eigen::MatrixXd j = BackTransform(ModelType::kLogistic, mean, sd);
  const Eigen::Vector3d beta = j * beta_std;
  const Eigen::Vector2d x(63, 1.7);
  const double eta_std = beta_std[0] + beta_std[1] * (x[0] - 50) / 10 + beta_std[2] * (x[1] - 2) / 0.5;
  EXPECT_NEAR(beta[0] + beta[1] * x[0] + beta[2] * x[1], eta_std, 1e-12);
}

TEST(DisclosureGuardsTest, RefusalsSayWhyWithCountsOnly) {
  ModelSpec spec;
  spec.type = ModelType::kCox;
  spec.terms = {"age", "sex"};
  spec.time = "time";
  spec.event = "status";
  LocalData d;
  d.x = Eigen::MatrixXd::Zero(12, 2);
  d.time = Eigen::VectorXd::Ones(12);
  d.outcome = Eigen::VectorXd::Zero(12);
  d.outcome.head(3).setOnes();
  DisclosureGuards g;
  EXPECT_EQ(CheckGuards(spec, d, g).message(), "3 events, below this site's minimum of 5");
  g.min_events = 2;
  g.max_parameters_per_row = 0.1;
  EXPECT_NE(CheckGuards(spec, d, g).message().find("2 parameters for 12 rows"), std::string::npos);
  g.max_parameters_per_row = 0.5;
  EXPECT_TRUE(CheckGuards(spec, d, g).ok());
  g.min_rows = 20;
  EXPECT_EQ(CheckGuards(spec, d, g).message(), "12 complete rows, below this site's minimum of 20");
  g.allowed_columns = {"age", "time", "status"};
  EXPECT_EQ(CheckColumnsAllowed(spec, g).message(), "columns not on this site's allow-list: sex");
}

}  // namespace
}  // namespace radfed::model
