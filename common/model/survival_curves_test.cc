#include "common/model/survival_curves.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace radfed::model {
namespace {

LocalData Patients(const std::vector<double>& time, const std::vector<double>& event) {
  LocalData d;
  d.time = Eigen::Map<const Eigen::VectorXd>(time.data(), static_cast<Eigen::Index>(time.size()));
  d.outcome = Eigen::Map<const Eigen::VectorXd>(event.data(), static_cast<Eigen::Index>(event.size()));
  d.stratum.assign(time.size(), 0);
  return d;
}

// Low risk for every patient: all in group 0.
constexpr std::array<double, 2> kAllLow = {INFINITY, INFINITY};

TEST(RiskScaleTest, BinsAndEdgesAgreeAndNoScoreFallsOutside) {
  const RiskScale s = RiskScale::FromMoments({4, 2, 10, 40});  // mean 0.5, variance 2.25
  EXPECT_DOUBLE_EQ(s.center, 0.5);
  EXPECT_DOUBLE_EQ(s.spread, 1.5);
  EXPECT_DOUBLE_EQ(s.mean_time, 10);
  EXPECT_EQ(s.Bin(0.5), kRiskBins / 2);
  for (size_t b : {size_t{0}, size_t{123}, kRiskBins / 2, kRiskBins - 2}) {
    const double edge = s.UpperEdge(b);
    EXPECT_EQ(s.Bin(edge - 1e-9), b) << b;
    EXPECT_EQ(s.Bin(edge + 1e-9), b + 1) << b;
  }
  EXPECT_EQ(s.UpperEdge(kRiskBins - 1), INFINITY);
  EXPECT_EQ(s.Bin(-1e300), 0u);
  EXPECT_EQ(s.Bin(1e300), kRiskBins - 1);
  // A constant score has no spread: binned on a unit scale instead.
  EXPECT_DOUBLE_EQ(RiskScale::FromMoments({3, 6, 12, 3}).spread, 1.0);
}

TEST(HorizonTest, CandidatesAreRoundMultiplesOfAQuarterOfTheMeanFollowUp) {
  const std::vector<double> h = HorizonCandidates(305);  // quarter 76.25: step 50
  ASSERT_EQ(h.size(), kHorizonCandidates);
  EXPECT_DOUBLE_EQ(h[0], 50);
  EXPECT_DOUBLE_EQ(h.back(), 2000);
  EXPECT_DOUBLE_EQ(HorizonCandidates(8)[0], 2);
  EXPECT_DOUBLE_EQ(HorizonCandidates(0.4)[0], 0.1);
  EXPECT_DOUBLE_EQ(HorizonCandidates(0)[0], 1);
  // The last candidate at or beyond which a tenth of the patients are still followed.
  EXPECT_DOUBLE_EQ(DefaultHorizon({100, 40, 11, 10, 9, 0}, {1, 2, 3, 4, 5, 6}, 100), 4);
  EXPECT_DOUBLE_EQ(DefaultHorizon({5, 0}, {1, 2}, 100), 1);
}

TEST(TertileTest, CutoffsAreTheBinEdgesWhereOneAndTwoThirdsAreReached) {
  const RiskScale s;
  std::vector<double> histogram(kRiskBins, 0.0);
  for (size_t b : {100, 200, 300, 400, 500, 600, 700, 800, 900}) histogram[b] = 1;
  const auto c = TertileCutoffs(histogram, s);
  EXPECT_DOUBLE_EQ(c[0], s.UpperEdge(300));
  EXPECT_DOUBLE_EQ(c[1], s.UpperEdge(600));
  EXPECT_EQ(RiskGroup(c[0], c), 0u);
  EXPECT_EQ(RiskGroup(c[0] + 1e-9, c), 1u);
  EXPECT_EQ(RiskGroup(c[1] + 1e-9, c), 2u);
  // Ties: all patients in one bin leave the upper groups empty.
  std::vector<double> one(kRiskBins, 0.0);
  one[kRiskBins - 1] = 30;
  EXPECT_EQ(TertileCutoffs(one, s)[1], INFINITY);
}

TEST(SurvivalCountsTest, AtRiskEventsAndCensoringsPerInterval) {
  // Grid 0, 10, 20, 30; times on edges belong to the interval they close.
  const LocalData d = Patients({0, 5, 10, 12, 20, 25, 31, 40}, {1, 0, 1, 1, 0, 1, 1, 0});
  const std::vector<double> counts = SurvivalCounts(d, Eigen::VectorXd::Zero(8), kAllLow, TimeGrid(30, 3));
  ASSERT_EQ(counts.size(), 3 * kRiskGroups * 3);
  const std::vector<double> group0(counts.begin(), counts.begin() + 9);
  EXPECT_EQ(group0, (std::vector<double>{8, 2, 1, 5, 1, 1, 3, 1, 0}));
  for (size_t i = 9; i < counts.size(); ++i) EXPECT_EQ(counts[i], 0) << i;
}

TEST(LifeTableTest, ActuarialEstimateCountsCensoredPatientsAtRiskForHalfTheInterval) {
  const LocalData d = Patients({1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25, 26, 27, 28, 29},
                               {1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0});
  const std::vector<double> edges = TimeGrid(20, 2);
  const SurvivalCurves curves = LifeTable(SurvivalCounts(d, Eigen::VectorXd::Zero(23), kAllLow, edges), edges);
  EXPECT_EQ(curves.time, edges);
  ASSERT_EQ(curves.curves.size(), 1u);
  const SurvivalCurve& c = curves.curves[0];
  EXPECT_EQ(c.patients, 23);
  EXPECT_EQ(c.at_risk, (std::vector<double>{23, 14, 5}));
  EXPECT_EQ(c.events, (std::vector<double>{7, 6}));
  EXPECT_EQ(c.censored, (std::vector<double>{2, 3}));
  const double s1 = 1 - 7 / (23 - 1.0), s2 = s1 * (1 - 6 / (14 - 1.5));
  EXPECT_DOUBLE_EQ(*c.survival[0], 1);
  EXPECT_DOUBLE_EQ(*c.survival[1], s1);
  EXPECT_DOUBLE_EQ(*c.survival[2], s2);
}

// The exact Kaplan–Meier estimate at time t.
double ExactKm(const LocalData& d, double t) {
  std::vector<double> times(d.time.data(), d.time.data() + d.time.size());
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  double s = 1;
  for (double u : times) {
    if (u > t) break;
    double at_risk = 0, events = 0;
    for (Eigen::Index r = 0; r < d.time.size(); ++r) {
      at_risk += d.time[r] >= u;
      events += d.time[r] == u && d.outcome[r] != 0;
    }
    s *= 1 - events / at_risk;
  }
  return s;
}

TEST(LifeTableTest, EqualsTheExactKaplanMeierWithoutCensoringAndBracketsItWithCensoring) {
  std::mt19937 rng(11);
  std::vector<double> time, event, uncensored;
  for (int i = 0; i < 400; ++i) {
    time.push_back(static_cast<double>(rng() % 1000 + 1) / 10);
    event.push_back(rng() % 4 != 0);
    uncensored.push_back(1);
  }
  const std::vector<double> edges = TimeGrid(80, 8);
  const Eigen::VectorXd score = Eigen::VectorXd::Zero(400);
  {
    const LocalData d = Patients(time, uncensored);
    const SurvivalCurves curves = LifeTable(SurvivalCounts(d, score, kAllLow, edges), edges);
    ASSERT_EQ(curves.time, edges);
    for (size_t k = 0; k < edges.size(); ++k) EXPECT_NEAR(*curves.curves[0].survival[k], ExactKm(d, edges[k]), 1e-12);
  }
  const LocalData d = Patients(time, event);
  const SurvivalCurves curves = LifeTable(SurvivalCounts(d, score, kAllLow, edges), edges);
  ASSERT_EQ(curves.time, edges);
  const SurvivalCurve& c = curves.curves[0];
  double low = 1, high = 1;
  for (size_t k = 0; k + 1 < edges.size(); ++k) {
    const double n = c.at_risk[k], dd = c.events[k], cc = c.censored[k];
    low *= (n - cc - dd) / (n - cc);
    high *= (n - dd) / n;
    const double exact = ExactKm(d, edges[k + 1]);
    EXPECT_LE(low, exact + 1e-12);
    EXPECT_GE(high, exact - 1e-12);
    EXPECT_LE(low, *c.survival[k + 1] + 1e-12);
    EXPECT_GE(high, *c.survival[k + 1] - 1e-12);
    EXPECT_NEAR(*c.survival[k + 1], exact, 0.03) << edges[k + 1];
  }
}

TEST(LifeTableTest, IntervalsAreMergedUntilNoStepDescribesFewerThanFivePatients) {
  // Group 0 (score 0) and group 2 (score 2); cut-offs at 1 and 1.
  std::vector<double> time, event;
  std::vector<double> scores;
  auto add = [&](double t, double e, double s) {
    time.push_back(t);
    event.push_back(e);
    scores.push_back(s);
  };
  for (int i = 0; i < 5; ++i) add(1 + i * 0.1, 1, 0);   // interval 0: five events, group 0
  for (int i = 0; i < 2; ++i) add(12, 1, 2);             // interval 1: two events, group 2
  for (int i = 0; i < 3; ++i) add(25, 0, 2);             // interval 2: three censorings, group 2
  add(35, 1, 0);                                          // interval 3: one event, group 0
  for (int i = 0; i < 20; ++i) add(100, 0, i < 10 ? 0 : 2);  // beyond the horizon
  const LocalData d = Patients(time, event);
  const Eigen::VectorXd score = Eigen::Map<const Eigen::VectorXd>(scores.data(), static_cast<Eigen::Index>(scores.size()));
  const std::vector<double> edges = TimeGrid(40, 4);
  const SurvivalCurves curves = LifeTable(SurvivalCounts(d, score, {1, 1}, edges), edges);
  // (0, 10] closes (5 and 0); (10, 30] needs two intervals for group 2 (2 + 3); the last interval
  // holds one event only and cannot close: the curves end at 30.
  EXPECT_EQ(curves.time, (std::vector<double>{0, 10, 30}));
  ASSERT_EQ(curves.curves.size(), 2u);
  EXPECT_EQ(curves.curves[0].group, 0u);
  EXPECT_EQ(curves.curves[1].group, 2u);
  for (const SurvivalCurve& c : curves.curves) {
    ASSERT_EQ(c.events.size(), 2u);
    for (size_t j = 0; j < c.events.size(); ++j) {
      const double described = c.events[j] + c.censored[j];
      EXPECT_TRUE(described == 0 || described >= kMinPatientsPerStep) << c.group << " " << j;
      EXPECT_EQ(c.at_risk[j] - c.at_risk[j + 1], described);
    }
  }
  EXPECT_EQ(curves.curves[1].at_risk, (std::vector<double>{15, 15, 10}));
  EXPECT_DOUBLE_EQ(*curves.curves[1].survival[2], 1 - 2 / (15 - 1.5));
  EXPECT_EQ(curves.curves[0].at_risk, (std::vector<double>{16, 11, 11}));
}

TEST(LifeTableTest, NoNumberAtRiskBelowFiveIsShown) {
  // Five events, then three patients still followed: 3 at risk would describe three patients, so
  // the step is merged with the next interval, which the three leave.
  const LocalData d = Patients({1, 2, 3, 4, 5, 12, 14, 16}, {1, 1, 1, 1, 1, 0, 0, 1});
  const std::vector<double> edges = TimeGrid(20, 2);
  const SurvivalCurves curves = LifeTable(SurvivalCounts(d, Eigen::VectorXd::Zero(8), kAllLow, edges), edges);
  EXPECT_EQ(curves.time, (std::vector<double>{0, 20}));
  const SurvivalCurve& c = curves.curves[0];
  EXPECT_EQ(c.at_risk, (std::vector<double>{8, 0}));
  EXPECT_EQ(c.events, (std::vector<double>{6}));
  EXPECT_DOUBLE_EQ(*c.survival[1], 1 - 6 / (8 - 1.0));
  // With two of them followed beyond the horizon nothing can be shown after time 0.
  const LocalData later = Patients({1, 2, 3, 4, 5, 12, 34, 36}, {1, 1, 1, 1, 1, 0, 0, 1});
  EXPECT_EQ(LifeTable(SurvivalCounts(later, Eigen::VectorXd::Zero(8), kAllLow, edges), edges).time,
            (std::vector<double>{0}));
}

TEST(LifeTableTest, NobodyAtRiskLeavesTheSurvivalUndefined) {
  const LocalData d = Patients({1, 2, 3, 4, 5, 6, 7, 8, 9, 9.5}, {1, 1, 1, 1, 1, 0, 0, 0, 0, 0});
  const std::vector<double> edges = TimeGrid(20, 2);
  const SurvivalCurves curves = LifeTable(SurvivalCounts(d, Eigen::VectorXd::Zero(10), kAllLow, edges), edges);
  ASSERT_EQ(curves.time, edges);
  const SurvivalCurve& c = curves.curves[0];
  EXPECT_DOUBLE_EQ(*c.survival[1], 1 - 5 / (10 - 2.5));
  EXPECT_FALSE(c.survival[2].has_value());
  EXPECT_EQ(c.at_risk, (std::vector<double>{10, 0, 0}));
}

}  // namespace
}  // namespace radfed::model
