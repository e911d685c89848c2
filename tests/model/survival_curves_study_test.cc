// The survival curves of a Cox study, pooled from the counts three sites send (the real site code,
// summed in plain as secure aggregation would), against the life table computed directly on the
// pooled patients with the study's cut-offs and time grid.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <set>

#include "common/model/disclosure_guards.h"
#include "common/model/local_data.h"
#include "common/study/model_study.h"
#include "common/study/study_spec.h"
#include "node/cohort/cohort_columns.h"
#include "tests/report/simulated_study.h"

namespace radfed::testing {
namespace {

using nlohmann::json;

struct Patient {
  double lp, time;
  bool event;
};

// The lung patients pooled in one table, scored with the result's coefficients.
std::vector<Patient> PooledPatients(const json& result, bool strata) {
  model::ModelSpec spec = LungCoxModel();
  if (!strata) spec.strata.clear();
  const auto cohorts = Cohorts(LungPooledTable());
  cohort::CohortColumns columns(&cohorts.begin()->second);
  auto data = model::BuildLocalData(spec, columns);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  Eigen::VectorXd beta(3);
  for (Eigen::Index j = 0; j < 3; ++j) beta[j] = result["coefficients"][static_cast<size_t>(j)]["coef"];
  const Eigen::VectorXd lp = data->x * beta;
  std::vector<Patient> patients;
  for (Eigen::Index r = 0; r < lp.size(); ++r) patients.push_back({lp[r], data->time[r], data->outcome[r] != 0});
  return patients;
}

size_t Group(double lp, const json& cutoffs) {
  auto bound = [](const json& c) { return c.is_number() ? c.get<double>() : INFINITY; };
  if (lp <= bound(cutoffs[0])) return 0;
  return lp <= bound(cutoffs[1]) ? 1 : 2;
}

Result<json> Simulate(const std::string& spec) { return SimulateStudy(spec, LungTables()); }

TEST(SurvivalCurvesStudyTest, PooledCurvesEqualTheLifeTableOfThePooledPatients) {
  auto result = Simulate(kLungCoxSpec);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const json& km = (*result)["survival_curves"];
  ASSERT_TRUE(km.is_object()) << result->dump(2);
  EXPECT_EQ(km["groups"], json({"low", "intermediate", "high"}));
  EXPECT_EQ(km["estimator"], "actuarial life table");
  const auto time = km["time"].get<std::vector<double>>();
  ASSERT_GE(time.size(), 4u) << km.dump(2);
  EXPECT_EQ(time.front(), 0);
  EXPECT_LE(time.back(), km["horizon"].get<double>());

  const std::vector<Patient> patients = PooledPatients(*result, true);
  ASSERT_EQ(static_cast<double>(patients.size()), (*result)["n"].get<double>());
  // The default horizon: a tenth of the patients is still followed beyond it.
  const double horizon = km["horizon"];
  size_t beyond = 0;
  for (const Patient& p : patients) beyond += p.time > horizon;
  EXPECT_GE(static_cast<double>(beyond), 0.1 * static_cast<double>(patients.size()));
  EXPECT_EQ(km["intervals"], 10);

  ASSERT_EQ(km["curves"].size(), 3u);
  double total = 0;
  for (size_t g = 0; g < 3; ++g) {
    const json& curve = km["curves"][g];
    EXPECT_EQ(curve["group"], km["groups"][g]);
    std::vector<Patient> group;
    for (const Patient& p : patients)
      if (Group(p.lp, km["cutoffs"]) == g) group.push_back(p);
    EXPECT_EQ(curve["patients"].get<double>(), static_cast<double>(group.size()));
    total += static_cast<double>(group.size());
    // Tertiles, up to ties of the linear predictor and the histogram's resolution.
    EXPECT_NEAR(static_cast<double>(group.size()), static_cast<double>(patients.size()) / 3, 6) << g;
    ASSERT_EQ(curve["survival"].size(), time.size());
    ASSERT_EQ(curve["at_risk"].size(), time.size());
    ASSERT_EQ(curve["events"].size(), time.size() - 1);
    double s = 1;
    EXPECT_EQ(curve["survival"][0], 1.0);
    EXPECT_EQ(curve["at_risk"][0].get<double>(), static_cast<double>(group.size()));
    for (size_t j = 0; j + 1 < time.size(); ++j) {
      double n = 0, d = 0, c = 0, after = 0;
      for (const Patient& p : group) {
        n += j == 0 || p.time > time[j];
        after += p.time > time[j + 1];
        const bool inside = (j == 0 || p.time > time[j]) && p.time <= time[j + 1];
        d += inside && p.event;
        c += inside && !p.event;
      }
      s *= 1 - d / (n - c / 2);
      EXPECT_NEAR(curve["survival"][j + 1].get<double>(), s, 1e-12) << g << " " << j;
      EXPECT_EQ(curve["at_risk"][j + 1].get<double>(), after);
      EXPECT_TRUE(after == 0 || after >= 5) << g << " " << j << ": " << after;
      EXPECT_EQ(curve["events"][j].get<double>(), d);
      EXPECT_EQ(curve["censored"][j].get<double>(), c);
      // No step describes fewer than five patients.
      EXPECT_TRUE(d + c == 0 || d + c >= 5) << g << " " << j << ": " << d + c;
    }
  }
  EXPECT_EQ(total, (*result)["n"].get<double>());
  // Risk groups separate: the high-risk group fares worst at the end of the curves.
  const double low = km["curves"][0]["survival"].back(), high = km["curves"][2]["survival"].back();
  EXPECT_GT(low, high);
}

TEST(SurvivalCurvesStudyTest, StudySetsTheGridAndStandardizedCutoffsAreOnTheScaleOfTheCoefficients) {
  auto result = Simulate(R"yaml(name: lung-std
type: model
model: cox
features: [age, sex, ph.ecog]
outcome: {time: time, event: status, event_value: 2}
standardize: true
km: {horizon: 600, intervals: 6}
min_sites: 3
)yaml");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const json& km = (*result)["survival_curves"];
  EXPECT_EQ(km["horizon"], 600.0);
  EXPECT_EQ(km["intervals"], 6);
  for (const json& t : km["time"]) EXPECT_EQ(std::fmod(t.get<double>(), 100.0), 0.0) << t;
  // x · coef (original scale) against the reported cut-offs gives the groups the sites formed.
  const std::vector<Patient> patients = PooledPatients(*result, false);
  std::vector<double> sizes(3, 0.0);
  for (const Patient& p : patients) sizes[Group(p.lp, km["cutoffs"])] += 1;
  ASSERT_EQ(km["curves"].size(), 3u);
  for (size_t g = 0; g < 3; ++g) EXPECT_EQ(km["curves"][g]["patients"].get<double>(), sizes[g]) << g;
}

// A coordinator restarted between any two rounds (the plan saved and restored through its JSON
// state) finishes with the same survival curves.
TEST(SurvivalCurvesStudyTest, PlanStateSurvivesARestartBeforeEveryRound) {
  auto spec = study::ParseStudySpec(kLungCoxSpec, "lung.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  const auto cohorts = Cohorts(LungTables());
  std::vector<std::string> roster;
  for (const auto& [site, cohort] : cohorts) roster.push_back(site);
  std::unique_ptr<study::StudyPlan> plan = study::MakePlan(*spec, roster);
  std::set<std::string> phases;
  for (int round = 0; round < 100; ++round) {
    auto restored = study::RestorePlan(*spec, roster, json::parse(plan->SaveState().dump()));
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
    plan = std::move(*restored);
    auto task = plan->Next();
    ASSERT_TRUE(task.ok()) << task.status().ToString();
    if (!*task) break;
    phases.insert((*task)->task["phase"].get<std::string>());
    std::vector<double> sum((*task)->length, 0.0);
    std::set<std::string> contributors;
    for (const auto& [site, cohort] : cohorts) {
      cohort::CohortColumns columns(&cohort);
      auto v = study::ModelContribution((*task)->task, columns, site, model::DisclosureGuards());
      ASSERT_TRUE(v.ok()) << site << ": " << v.status().ToString();
      for (size_t i = 0; i < sum.size(); ++i) sum[i] += (*v)[i];
      contributors.insert(site);
    }
    ASSERT_TRUE(plan->Accept(sum, contributors).ok());
  }
  EXPECT_TRUE(phases.count("risk_scale") && phases.count("risk_histogram") && phases.count("survival"));
  auto uninterrupted = Simulate(kLungCoxSpec);
  ASSERT_TRUE(uninterrupted.ok());
  EXPECT_EQ(plan->Outcome()["survival_curves"], (*uninterrupted)["survival_curves"]);
  EXPECT_EQ(plan->Outcome()["coefficients"], (*uninterrupted)["coefficients"]);
}

TEST(SurvivalCurvesStudyTest, LogisticStudyHasNoSurvivalCurves) {
  auto result = Simulate(kLungLogisticSpec);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_FALSE(result->contains("survival_curves"));
  EXPECT_TRUE((*result)["discrimination"].contains("roc"));
}

TEST(SurvivalCurvesStudyTest, KmKeysAreChecked) {
  const std::string base = "name: s\ntype: model\nfeatures: [age]\n";
  const std::string cox = base + "model: cox\noutcome: {time: time, event: status}\n";
  const std::string logistic = base + "model: logistic\noutcome: {label: status}\n";
  EXPECT_TRUE(study::ParseStudySpec(cox + "km: {horizon: 365, intervals: 12}\n", "s.yaml").ok());
  for (const std::string& bad : {cox + "km: {intervals: 0}\n", cox + "km: {horizon: -1}\n",
                                 cox + "km: {horizon: 365, steps: 3}\n", logistic + "km: {intervals: 5}\n"}) {
    auto spec = study::ParseStudySpec(bad, "s.yaml");
    ASSERT_FALSE(spec.ok()) << bad;
    EXPECT_NE(spec.status().message().find("s.yaml"), std::string::npos) << spec.status().ToString();
  }
}

}  // namespace
}  // namespace radfed::testing
