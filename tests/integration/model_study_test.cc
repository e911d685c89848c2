// Model studies with real processes: three sites over mTLS and secure aggregation fit Cox and
// logistic models whose results must equal R's pooled fits (r_reference_fits.csv) within 1e-6
// relative (1e-9 absolute); a site's guard refusal reaches the operator; leave-one-site-out
// validation gives the per-site C-indices of a pooled reference computed here.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/model/contribution.h"
#include "common/model/local_data.h"
#include "common/model/newton.h"
#include "node/cohort/cohort_columns.h"
#include "node/cohort/csv_table.h"
#include "tests/model/reference_data.h"
#include "tests/support/federation.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

using nlohmann::json;

class ModelStudyTest : public ::testing::Test {
 protected:
  void Start(const SiteTables& tables, const std::map<std::string, std::string>& extra_yaml = {}) {
    std::string why;
    ASSERT_TRUE(fed_.StartCoordinator(&why)) << why;
    for (const auto& [site, list] : tables) {
      fed_.AddSite(site, list, extra_yaml.count(site) ? extra_yaml.at(site) : "");
      ASSERT_TRUE(fed_.StartNode(site));
    }
    for (const auto& [site, list] : tables) ASSERT_TRUE(fed_.WaitConnected(site)) << fed_.NodeLog(site);
  }

  json Run(const std::string& spec) {
    auto run = fed_.RunStudy(spec);
    EXPECT_EQ(run.exit_code, 0) << run.output << "\n" << fed_.CoordinatorLog();
    if (run.result.empty()) return json::object();
    return json::parse(run.result);
  }

  Federation fed_{{"site-a", "site-b", "site-c"}};
};

void ExpectClose(double ours, double reference, const std::string& what) {
  EXPECT_NEAR(ours, reference, std::max(1e-6 * std::abs(reference), 1e-9)) << what;
}

void ExpectMatchesR(const json& result, const std::vector<ReferenceRow>& reference) {
  ASSERT_TRUE(result.contains("coefficients")) << result.dump(2);
  ASSERT_EQ(result["coefficients"].size(), reference.size());
  for (size_t j = 0; j < reference.size(); ++j) {
    const json& c = result["coefficients"][j];
    EXPECT_EQ(c["term"], reference[j].term);
    ExpectClose(c["coef"], reference[j].coef, "coef " + reference[j].term);
    ExpectClose(c["se"], reference[j].se, "se " + reference[j].term);
    EXPECT_NEAR(c["exp_coef"].get<double>(), std::exp(c["coef"].get<double>()), 1e-12);
  }
  ExpectClose(result["loglik"], reference[0].loglik, "loglik");
  if (!std::isnan(reference[0].loglik_null)) ExpectClose(result["loglik_null"], reference[0].loglik_null, "loglik_null");
  EXPECT_EQ(result["n"], reference[0].n);
  EXPECT_EQ(result["events"], reference[0].events);
  EXPECT_TRUE(result["converged"].get<bool>());
}

TEST_F(ModelStudyTest, LungCoxStratifiedByInstitution) {
  Start(LungTables());
  const json result = Run(R"yaml(name: lung-os
type: model
model: cox
ties: efron
strata: [inst]
features: [age, sex, ph.ecog]
outcome: {time: time, event: status, event_value: 2}
standardize: false
penalty: {l2: 0.0}
max_iterations: 25
tolerance: 1.0e-10
min_sites: 3
secure_aggregation: {threshold: 2}
validation: none
)yaml");
  ExpectMatchesR(result, ReferenceFit("lung_cox_age_sex_phecog_strata_inst"));
  // Per-site counts: 226 complete cases over the three sites.
  double n = 0;
  for (const json& s : result["sites"]) n += s["n"].get<double>();
  EXPECT_EQ(n, 226);
  EXPECT_EQ(result["sites"].size(), 3u);
  EXPECT_GT(result["discrimination"]["c_index"].get<double>(), 0.5);
  // The model is calibrated on its own data: slope 1.
  EXPECT_NEAR(result["calibration"]["slope"].get<double>(), 1.0, 1e-6);
  // Survival curves of the three risk groups from securely summed counts (their math is checked
  // against the pooled life table in survival_curves_study_test).
  const json& km = result["survival_curves"];
  ASSERT_EQ(km["curves"].size(), 3u) << result.dump(2);
  double patients = 0;
  for (const json& curve : km["curves"]) {
    patients += curve["patients"].get<double>();
    ASSERT_EQ(curve["survival"].size(), km["time"].size());
    for (size_t j = 0; j + 1 < curve["survival"].size(); ++j) {
      EXPECT_LE(curve["survival"][j + 1].get<double>(), curve["survival"][j].get<double>());
      const double described = curve["events"][j].get<double>() + curve["censored"][j].get<double>();
      EXPECT_TRUE(described == 0 || described >= 5) << described;
    }
  }
  EXPECT_EQ(patients, 226);
}

TEST_F(ModelStudyTest, LungLogistic) {
  Start(LungTables());
  const json result = Run(kLungLogisticSpec);
  ExpectMatchesR(result, ReferenceFit("lung_logit_death_age_sex_phecog"));
  EXPECT_GT(result["discrimination"]["auc"].get<double>(), 0.5);
  EXPECT_FALSE(result.contains("survival_curves"));
  EXPECT_NEAR(result["calibration"]["slope"].get<double>(), 1.0, 1e-6);
  EXPECT_NEAR(result["calibration"]["intercept"].get<double>(), 0.0, 1e-6);
}

TEST_F(ModelStudyTest, GbsgAndRotterdamStratifiedByCohortWithRotterdamOverTwoSites) {
  Start(GbsgRotterdamTables());
  const json result = Run(R"yaml(name: breast-rfs
type: model
model: cox
features: [age, meno, grade, nodes, pgr, er, hormon]
outcome: {time: rfs_time, event: rfs_event}
strata: [cohort]
shared_baseline: true
strata_levels: [1, 2]
min_sites: 3
)yaml");
  ExpectMatchesR(result, ReferenceFit("gbsg+rotterdam_cox_rfs_age_meno_grade_nodes_pgr_er_hormon_strata_site"));
}

TEST_F(ModelStudyTest, Hn1CoxWithDerivedTermFromTwoTablesPerSite) {
  Start(Hn1Tables());
  const json result = Run(R"yaml(name: hn1-os
type: model
model: cox
features: ["log(MeshVolume)", age_at_diagnosis]
outcome: {time: overall_survival_in_days, event: event_overall_survival}
shared_baseline: true
min_sites: 3
)yaml");
  ExpectMatchesR(result, ReferenceFit("hn1_cox_os_logMeshVolume_age"));
}

TEST_F(ModelStudyTest, StandardizedFitBacktransformsToTheOriginalScale) {
  Start(LungTables());
  const json result = Run(R"yaml(name: lung-std
type: model
model: cox
strata: [inst]
features: [age, sex, ph.ecog]
outcome: {time: time, event: status, event_value: 2}
standardize: true
min_sites: 3
)yaml");
  ExpectMatchesR(result, ReferenceFit("lung_cox_age_sex_phecog_strata_inst"));
  for (const json& c : result["coefficients"]) EXPECT_TRUE(c.contains("coef_std") && c.contains("se_std"));

  // A site explains one of its own patients locally with the fitted model.
  const auto result_path = fed_.dir() / "lung-std.json";
  std::ofstream(result_path) << result.dump();
  const auto site_a = LungTables().at("site-a").front();
  auto table = cohort::CsvTable::Parse(site_a.csv, site_a.file);
  ASSERT_TRUE(table.ok());
  const std::vector<std::string> terms = {"age", "sex", "ph.ecog"};
  size_t row = 0;
  auto value = [&](const std::string& column) { return table->cell(row, *table->ColumnIndex(column)); };
  while (value("ph.ecog") == "NA" || value("ph.ecog").empty()) ++row;
  const auto run = RunProgram(BinaryPath("radfed-node"),
                              {"explain", "--config", (fed_.dir() / "site-a.yaml").string(), "--result",
                               result_path.string(), "--patient", value("row_id"), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json explanation = json::parse(run.output);
  double lp = 0, relative = 0;
  for (size_t j = 0; j < terms.size(); ++j) {
    const double x = std::stod(value(terms[j]));
    const double coef = result["coefficients"][j]["coef"];
    EXPECT_DOUBLE_EQ(explanation["terms"][j]["value"].get<double>(), x);
    lp += coef * x;
    relative += coef * (x - result["standardization"]["mean"][j].get<double>());
  }
  EXPECT_NEAR(explanation["linear_predictor"].get<double>(), lp, 1e-12 * std::abs(lp) + 1e-12);
  EXPECT_NEAR(explanation["risk"].get<double>(), std::exp(relative), 1e-12);
  EXPECT_TRUE(explanation["risk_relative_to_mean"].get<bool>());

  const auto unknown = RunProgram(BinaryPath("radfed-node"),
                                  {"explain", "--config", (fed_.dir() / "site-a.yaml").string(), "--result",
                                   result_path.string(), "--patient", "no-such-patient"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("no-such-patient"), std::string::npos) << unknown.output;
}

TEST_F(ModelStudyTest, GuardRefusalIsReportedWithSiteAndReason) {
  Start(LungTables(), {{"site-c", "guards: {min_events: 1000}\n"}});
  auto run = fed_.RunStudy(kLungCoxSpec);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("site-c refused:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("events, below this site's minimum of 1000"), std::string::npos) << run.output;
}

// Naive Harrell's C within strata, for the reference.
double NaiveC(const model::LocalData& d, const Eigen::VectorXd& s) {
  double conc = 0, disc = 0, tied = 0;
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    if (d.outcome[i] == 0) continue;
    for (Eigen::Index j = 0; j < s.size(); ++j) {
      if (i == j || d.stratum[static_cast<size_t>(i)] != d.stratum[static_cast<size_t>(j)]) continue;
      if (!(d.time[j] > d.time[i] || (d.time[j] == d.time[i] && d.outcome[j] == 0))) continue;
      if (s[i] > s[j]) conc += 1;
      else if (s[i] < s[j]) disc += 1;
      else tied += 1;
    }
  }
  return (conc + tied / 2) / (conc + disc + tied);
}

TEST_F(ModelStudyTest, LeaveOneSiteOutMatchesPooledReference) {
  const SiteTables tables = LungTables();
  Start(tables);
  const json result = Run(std::string(kLungCoxSpec) + "validation: leave-one-site-out\n");
  ASSERT_TRUE(result.contains("validation")) << result.dump(2);
  const json& folds = result["validation"]["sites"];
  ASSERT_EQ(folds.size(), 3u);

  // Reference: fit on the pooled rows of the other two sites, C on the held-out site.
  const model::ModelSpec spec = LungCoxModel();
  const auto cohorts = Cohorts(tables);
  std::map<std::string, model::LocalData> data;
  for (const auto& [site, c] : cohorts) {
    cohort::CohortColumns columns(&c);
    data.emplace(site, *model::BuildLocalData(spec, columns));
  }
  std::vector<double> cs;
  for (const json& fold : folds) {
    const std::string held_out = fold["site"];
    model::NewtonFit fit(3, {});
    while (fit.state() == model::NewtonFit::State::kEvaluating) {
      model::Contribution total = model::Contribution::Zero(3);
      for (const auto& [site, d] : data)
        if (site != held_out) total += model::CoxContribution(d, fit.proposal(), model::Ties::kEfron);
      ASSERT_TRUE(fit.Accept(total).ok());
    }
    const model::LocalData& test = data.at(held_out);
    const double c = NaiveC(test, test.x * fit.beta());
    EXPECT_NEAR(fold["c_index"].get<double>(), c, 1e-9) << held_out;
    cs.push_back(c);
  }
  const double mean = (cs[0] + cs[1] + cs[2]) / 3;
  EXPECT_NEAR(result["validation"]["mean"].get<double>(), mean, 1e-9);
  EXPECT_EQ(result["validation"]["metric"], "c_index");
  // The survival rounds run once, for the model fitted on all sites, before the folds.
  EXPECT_EQ(result["survival_curves"]["curves"].size(), 3u);
}

}  // namespace
}  // namespace radfed::testing
