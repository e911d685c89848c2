#include "common/study/statistics_study.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

#include "common/study/study_spec.h"

namespace radfed::study {
namespace {

using nlohmann::json;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

class MemorySource : public ColumnSource {
 public:
  explicit MemorySource(std::map<std::string, std::vector<double>> columns)
      : columns_(std::move(columns)) {}
  size_t row_count() const override { return columns_.begin()->second.size(); }
  Result<std::vector<double>> Numeric(const std::string& name) const override {
    auto it = columns_.find(name);
    if (it == columns_.end()) return Status::NotFound("column '" + name + "' missing");
    return it->second;
  }

 private:
  std::map<std::string, std::vector<double>> columns_;
};

// Runs a plan to completion over in-process sites; every site contributes to every round unless
// `drop` names a site and the round at which it stops answering.
json RunStudy(StudyPlan& plan, const std::map<std::string, MemorySource>& sites, size_t min_rows = 1,
         std::pair<std::string, int> drop = {"", 0}) {
  int round = 0;
  for (;;) {
    auto next = plan.Next();
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok() || !next->has_value()) break;
    ++round;
    std::vector<double> sum((*next)->length, 0.0);
    std::set<std::string> contributors;
    for (const auto& [name, source] : sites) {
      if (name == drop.first && round >= drop.second) continue;
      auto v = StatisticsContribution((*next)->task, source, min_rows);
      EXPECT_TRUE(v.ok()) << v.status().ToString();
      if (!v.ok()) return {};
      EXPECT_EQ(v->size(), sum.size());
      for (size_t i = 0; i < sum.size(); ++i) sum[i] += (*v)[i];
      contributors.insert(name);
    }
    EXPECT_TRUE(plan.Accept(sum, contributors).ok());
    EXPECT_LT(round, 100) << "plan does not terminate";
    if (round >= 100) break;
  }
  return plan.Outcome();
}

StatisticsSpec Spec(std::vector<std::string> columns) {
  StatisticsSpec spec;
  spec.name = "t";
  spec.columns = std::move(columns);
  return spec;
}

TEST(StatisticsStudyTest, OneRoundSdStaysExactFarFromZero) {
  // Values around 1e6 with SD ~1: the naive double formula would lose ~10 digits here.
  std::map<std::string, MemorySource> sites;
  sites.emplace("a", MemorySource({{"x", {1e6 + 0.25, 1e6 - 1.5, 1e6 + 2}}}));
  sites.emplace("b", MemorySource({{"x", {1e6 + 1, 1e6 - 0.75}}}));
  auto plan = MakeStatisticsPlan(Spec({"x"}));
  json out = RunStudy(*plan, sites);
  const std::vector<double> d{0.25, -1.5, 2, 1, -0.75};
  double mean = 0;
  for (double v : d) mean += v / 5;
  double ss = 0;
  for (double v : d) ss += (v - mean) * (v - mean);
  EXPECT_NEAR(out["columns"]["x"]["mean"].get<double>(), 1e6 + mean, 1e-9);
  EXPECT_NEAR(out["columns"]["x"]["sd"].get<double>(), std::sqrt(ss / 4), 1e-12);
}

TEST(StatisticsStudyTest, MeanAndSdByHandWithCompleteCases) {
  // Pooled complete cases of x: {1, 2, 3, 4} (the row with y missing is dropped): mean 2.5,
  // sample variance ((1.5² + 0.5²) * 2) / 3 = 5/3.
  std::map<std::string, MemorySource> sites;
  sites.emplace("a", MemorySource({{"x", {1, 2, 100}}, {"y", {0, 0, kNaN}}}));
  sites.emplace("b", MemorySource({{"x", {3, 4}}, {"y", {1, 1}}}));
  auto plan = MakeStatisticsPlan(Spec({"x", "y"}));
  json out = RunStudy(*plan, sites);
  EXPECT_EQ(out["columns"]["x"]["n"], 4);
  EXPECT_EQ(out["columns"]["x"]["missing"], 0);
  EXPECT_EQ(out["columns"]["y"]["missing"], 1);
  EXPECT_DOUBLE_EQ(out["columns"]["x"]["mean"].get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(out["columns"]["x"]["sd"].get<double>(), std::sqrt(5.0 / 3.0));
  EXPECT_EQ(out["rows"], 5);
  EXPECT_EQ(out["rows_used"], 4);
  EXPECT_FALSE(out["columns"]["x"].contains("min"));
}

TEST(StatisticsStudyTest, AvailableCaseUsesEveryValue) {
  std::map<std::string, MemorySource> sites;
  sites.emplace("a", MemorySource({{"x", {1, 2, 6}}, {"y", {0, 0, kNaN}}}));
  StatisticsSpec spec = Spec({"x", "y"});
  spec.complete_cases = false;
  auto plan = MakeStatisticsPlan(spec);
  json out = RunStudy(*plan, sites);
  EXPECT_EQ(out["columns"]["x"]["n"], 3);
  EXPECT_DOUBLE_EQ(out["columns"]["x"]["mean"].get<double>(), 3.0);
  EXPECT_EQ(out["columns"]["y"]["n"], 2);
}

TEST(StatisticsStudyTest, ExactMinMaxByBisectionIncludingNegativesAndFractions) {
  std::map<std::string, MemorySource> sites;
  sites.emplace("a", MemorySource({{"x", {-3.25, 7.125, 0.1}}}));
  sites.emplace("b", MemorySource({{"x", {1e-300, 2.5e17}}}));
  sites.emplace("c", MemorySource({{"x", {-1e-5}}}));
  StatisticsSpec spec = Spec({"x"});
  spec.allow_min_max = true;
  auto plan = MakeStatisticsPlan(spec);
  json out = RunStudy(*plan, sites);
  EXPECT_EQ(out["columns"]["x"]["min"].get<double>(), -3.25);
  EXPECT_EQ(out["columns"]["x"]["max"].get<double>(), 2.5e17);
}

TEST(StatisticsStudyTest, GroupsByBinaryColumn) {
  std::map<std::string, MemorySource> sites;
  sites.emplace("a", MemorySource({{"x", {1, 2, 3}}, {"sex", {1, 2, 1}}}));
  sites.emplace("b", MemorySource({{"x", {5, 7}}, {"sex", {2, 2}}}));
  StatisticsSpec spec = Spec({"x"});
  spec.group_by = "sex";
  spec.levels = {1, 2};
  auto plan = MakeStatisticsPlan(spec);
  json out = RunStudy(*plan, sites);
  EXPECT_DOUBLE_EQ(out["groups"]["sex=1"]["columns"]["x"]["mean"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(out["groups"]["sex=2"]["columns"]["x"]["mean"].get<double>(), 14.0 / 3.0);
  EXPECT_EQ(out["groups"]["sex=2"]["rows"], 3);
  EXPECT_DOUBLE_EQ(out["columns"]["x"]["mean"].get<double>(), 18.0 / 5.0);
}

TEST(StatisticsStudyTest, GroupValueOutsideLevelsIsRefusedWithoutValues) {
  MemorySource site({{"x", {1, 2}}, {"sex", {1, 3}}});
  json task = {{"kind", "statistics"}, {"phase", "sums"}, {"columns", {"x"}},
               {"complete_cases", true}, {"group_by", {{"column", "sex"}, {"levels", {1, 2}}}}};
  auto v = StatisticsContribution(task, site, 1);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(),
            "grouping column 'sex' has 1 values that are not one of the study's two levels");
}

TEST(StatisticsStudyTest, SiteGuardRefusesSmallCohorts) {
  MemorySource site({{"x", {1, 2, kNaN}}});
  json task = {{"kind", "statistics"}, {"phase", "sums"}, {"columns", {"x"}}, {"complete_cases", true}};
  auto v = StatisticsContribution(task, site, 10);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(v.status().message(), "only 2 usable rows, below the site's minimum of 10");
}

TEST(StatisticsStudyTest, MissingColumnAndMalformedTaskAreErrors) {
  MemorySource site({{"x", {1, 2}}});
  json task = {{"kind", "statistics"}, {"phase", "sums"}, {"columns", {"age"}}, {"complete_cases", true}};
  EXPECT_EQ(StatisticsContribution(task, site, 1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(StatisticsContribution(json{{"phase", 3}}, site, 1).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(StatisticsStudyTest, LaterRoundOverDifferentSitesIsRejected) {
  std::map<std::string, MemorySource> sites;
  sites.emplace("a", MemorySource({{"x", {1, 2}}}));
  sites.emplace("b", MemorySource({{"x", {3, 4}}}));
  StatisticsSpec spec = Spec({"x"});
  spec.allow_min_max = true;  // min/max bisection rounds follow the first
  auto plan = MakeStatisticsPlan(spec);
  auto first = plan->Next();
  std::vector<double> sum((*first)->length, 1.0);
  ASSERT_TRUE(plan->Accept(sum, {"a", "b"}).ok());
  auto second = plan->Next();
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->required_sites, (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(plan->Accept(std::vector<double>((*second)->length, 1.0), {"a"}).code(),
            StatusCode::kFailedPrecondition);
}

TEST(StatisticsStudyTest, SavedStateResumesIdentically) {
  std::map<std::string, MemorySource> sites;
  sites.emplace("a", MemorySource({{"x", {1, 2, 9}}}));
  sites.emplace("b", MemorySource({{"x", {3, -4}}}));
  StatisticsSpec spec = Spec({"x"});
  spec.allow_min_max = true;
  auto reference = MakeStatisticsPlan(spec);
  const json expected = RunStudy(*reference, sites);

  // Stop after every possible round, save, restore into a fresh plan and finish.
  for (int stop = 1; stop <= 4; ++stop) {
    auto plan = MakeStatisticsPlan(spec);
    for (int r = 0; r < stop; ++r) {
      auto next = plan->Next();
      ASSERT_TRUE(next.ok() && next->has_value());
      std::vector<double> sum((*next)->length, 0.0);
      for (const auto& [name, source] : sites) {
        auto v = StatisticsContribution((*next)->task, source, 1);
        ASSERT_TRUE(v.ok());
        for (size_t i = 0; i < sum.size(); ++i) sum[i] += (*v)[i];
      }
      ASSERT_TRUE(plan->Accept(sum, {"a", "b"}).ok());
    }
    auto restored = RestoreStatisticsPlan(spec, json::parse(plan->SaveState().dump()));
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
    EXPECT_EQ(RunStudy(**restored, sites), expected) << "stopped after round " << stop;
  }
}

TEST(StatisticsStudyTest, WrongLengthAggregateIsRejected) {
  auto plan = MakeStatisticsPlan(Spec({"x"}));
  EXPECT_EQ(plan->Accept({1, 2}, {"a"}).code(), StatusCode::kInvalidArgument);
}

TEST(StatisticsStudyTest, OrderedKeyPreservesOrder) {
  const std::vector<double> values{-std::numeric_limits<double>::infinity(), -1e300, -1.5, -1e-300,
                                   -0.0, 0.0, 1e-300, 1.5, 1e300,
                                   std::numeric_limits<double>::infinity()};
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    EXPECT_LT(OrderedKey(values[i]), OrderedKey(values[i + 1])) << values[i];
    EXPECT_EQ(FromOrderedKey(OrderedKey(values[i])), values[i]);
  }
}

TEST(StudySpecTest, ParsesMinimalStatisticsStudy) {
  auto spec = ParseStudySpec("name: lung-baseline\ntype: statistics\ncolumns: [age, ph.ecog]\n"
                             "min_sites: 3\n", "study.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->name, "lung-baseline");
  EXPECT_EQ(spec->min_sites, 3);
  EXPECT_EQ(std::get<StatisticsSpec>(spec->details).columns,
            (std::vector<std::string>{"age", "ph.ecog"}));
}

TEST(StudySpecTest, FewerThanThreeSitesNeedAnExplicitDecision) {
  EXPECT_NE(ParseStudySpec("name: x\ntype: statistics\ncolumns: [a]\nmin_sites: 2\n", "s.yaml")
                .status().message().find("studies need at least 3 sites"),
            std::string::npos);
  EXPECT_TRUE(ParseStudySpec("name: x\ntype: statistics\ncolumns: [a]\nmin_sites: 2\n"
                             "secure_aggregation: {allow_two_sites: true}\n", "s.yaml").ok());
  EXPECT_FALSE(ParseStudySpec("name: x\ntype: statistics\ncolumns: [a]\nmin_sites: 1\n"
                              "secure_aggregation: {allow_two_sites: true}\n", "s.yaml").ok());
  EXPECT_FALSE(ParseStudySpec("name: x\ntype: statistics\ncolumns: [a]\nmin_sites: 3\n"
                              "secure_aggregation: {threshold: 4}\n", "s.yaml").ok());
}

TEST(StudySpecTest, OutOfRangeNumbersAreRefusedNotTruncated) {
  const std::string base = "name: x\ntype: statistics\ncolumns: [a]\n";
  // 4294967299 would wrap to 3 in a 32-bit int, and pass.
  EXPECT_EQ(ParseStudySpec(base + "min_sites: 4294967299\n", "s.yaml").status().message(),
            "s.yaml: key 'min_sites': must be from 0 to 10000, got 4294967299");
  EXPECT_FALSE(ParseStudySpec(base + "secure_aggregation: {threshold: 4294967298}\n", "s.yaml").ok());
  EXPECT_FALSE(ParseStudySpec(base + "round_timeout_seconds: .inf\n", "s.yaml").ok());
  EXPECT_FALSE(ParseStudySpec(base + "round_timeout_seconds: 1e300\n", "s.yaml").ok());
  EXPECT_FALSE(ParseStudySpec(base + "round_timeout_seconds: 0\n", "s.yaml").ok());
  EXPECT_TRUE(ParseStudySpec(base + "round_timeout_seconds: 0.5\n", "s.yaml").ok());
}

TEST(StudySpecTest, NotANumberInAModelSpecIsRefused) {
  const std::string base = "name: x\ntype: model\nmodel: logistic\nfeatures: [a]\n";
  EXPECT_TRUE(ParseStudySpec(base + "outcome: {label: y}\npenalty: {l2: 0.1}\n", "s.yaml").ok());
  EXPECT_EQ(ParseStudySpec(base + "outcome: {label: y}\npenalty: {l2: .nan}\n", "s.yaml").status().message(),
            "s.yaml: key 'penalty.l2': expected a finite number, got '.nan'");
  EXPECT_FALSE(ParseStudySpec(base + "outcome: {label: y, positive: .nan}\n", "s.yaml").ok());
}

TEST(StudySpecTest, ErrorsNameFileAndKey) {
  auto unknown = ParseStudySpec("name: x\ntype: statistics\ncolumns: [a]\ncolums: [b]\n", "s.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message().rfind("s.yaml: key 'colums': unknown key", 0), 0u);
  EXPECT_EQ(ParseStudySpec("name: x\ntype: regression\n", "s.yaml").status().message(),
            "s.yaml: key 'type': unknown study type 'regression' (known: statistics, model)");
  EXPECT_EQ(ParseStudySpec("name: x\ntype: statistics\ncolumns: []\n", "s.yaml").status().message(),
            "s.yaml: key 'columns': list at least one column");
  EXPECT_EQ(ParseStudySpec("type: statistics\n", "s.yaml").status().message(),
            "s.yaml: key 'name': missing");
}

}  // namespace
}  // namespace radfed::study
