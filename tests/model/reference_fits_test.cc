// The federated model math against R's pooled fits (r_reference_fits.csv): sites compute their
// contributions on their own rows, only the element-wise sums reach the Newton fit, and every
// coefficient, standard error and log-likelihood must match R within 1e-6 relative (1e-9
// absolute). The transport (secure aggregation over gRPC) is tested elsewhere; this is the math.
#include <gtest/gtest.h>

#include <cmath>

#include "common/model/contribution.h"
#include "common/model/inference.h"
#include "common/model/local_data.h"
#include "common/model/newton.h"
#include "common/model/shared_baseline.h"
#include "node/cohort/cohort_columns.h"
#include "tests/model/reference_data.h"

namespace radfed::testing {
namespace {

using model::ModelSpec;

struct Fit {
  model::NewtonFit newton{1, {}};
  Eigen::MatrixXd covariance;
  double n = 0, events = 0;
};

Fit FitFederated(const ModelSpec& spec, const std::map<std::string, cohort::Cohort>& sites) {
  std::vector<model::LocalData> data;
  for (const auto& [name, cohort] : sites) {
    cohort::CohortColumns columns(&cohort);
    auto local = model::BuildLocalData(spec, columns);
    EXPECT_TRUE(local.ok()) << name << ": " << local.status().ToString();
    data.push_back(std::move(*local));
  }
  model::NewtonOptions options;
  if (spec.type == model::ModelType::kLogistic) {
    // glm.fit's algorithm and its default convergence threshold, as the R reference used.
    options.algorithm = model::FitAlgorithm::kGlmIrls;
    options.tolerance = 1e-8;
    options.unpenalised = 1;
  }
  Fit fit{model::NewtonFit(spec.parameters(), options), {}, 0, 0};
  for (int evaluations = 0; fit.newton.state() == model::NewtonFit::State::kEvaluating && evaluations < 100; ++evaluations) {
    model::Contribution total = model::Contribution::Zero(spec.parameters());
    for (const auto& d : data) {
      // Through the flat form, exactly as it travels.
      auto c = model::Unflatten(
          model::Flatten(model::ModelContribution(spec, d, fit.newton.proposal(), fit.newton.at_start())),
          spec.parameters());
      total += *c;
    }
    EXPECT_TRUE(fit.newton.Accept(total).ok());
  }
  EXPECT_EQ(fit.newton.state(), model::NewtonFit::State::kConverged) << fit.newton.failure();
  fit.covariance = model::Covariance(fit.newton.variance_hessian());
  fit.n = fit.newton.at_beta().n;
  fit.events = fit.newton.at_beta().events;
  return fit;
}

void ExpectClose(double ours, double reference, const std::string& what) {
  const double tolerance = std::max(1e-6 * std::abs(reference), 1e-9);
  EXPECT_NEAR(ours, reference, tolerance) << what;
}

void Compare(const Fit& fit, const ModelSpec& spec, const std::vector<ReferenceRow>& reference) {
  const auto names = spec.coefficient_names();
  ASSERT_EQ(names.size(), reference.size());
  ASSERT_EQ(fit.covariance.rows(), static_cast<Eigen::Index>(names.size()));
  for (size_t j = 0; j < names.size(); ++j) {
    ASSERT_EQ(names[j], reference[j].term);
    ExpectClose(fit.newton.beta()[static_cast<Eigen::Index>(j)], reference[j].coef, "coef " + names[j]);
    ExpectClose(std::sqrt(fit.covariance(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(j))),
                reference[j].se, "se " + names[j]);
  }
  ExpectClose(fit.newton.at_beta().loglik, reference[0].loglik, "loglik");
  if (!std::isnan(reference[0].loglik_null) && spec.type == model::ModelType::kCox) {
    ExpectClose(fit.newton.initial_loglik(), reference[0].loglik_null, "loglik_null");
  }
  EXPECT_EQ(fit.n, reference[0].n);
  EXPECT_EQ(fit.events, reference[0].events);
  if (spec.type == model::ModelType::kLogistic) {
    EXPECT_EQ(fit.newton.iterations(), reference[0].iterations);
  }
}

// A Cox fit whose baseline hazard is shared across sites (per level of the single strata column),
// through the event-time histogram and risk-set sums, exactly as the rounds of a study run it.
Fit FitSharedBaseline(const ModelSpec& spec, const std::map<std::string, cohort::Cohort>& sites,
                      const model::StrataLevels& levels) {
  constexpr int kTimeMax = 36500;
  std::vector<model::LocalData> data;
  for (const auto& [name, cohort] : sites) {
    cohort::CohortColumns columns(&cohort);
    auto local = model::BuildLocalData(spec, columns);
    EXPECT_TRUE(local.ok()) << name << ": " << local.status().ToString();
    data.push_back(std::move(*local));
  }
  // Round: event-time histogram (summed over sites).
  std::vector<double> histogram(levels.count() * (kTimeMax + 1), 0.0);
  for (const auto& d : data) {
    auto h = model::EventTimeHistogram(d, levels, kTimeMax);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    for (size_t i = 0; i < histogram.size(); ++i) histogram[i] += (*h)[i];
  }
  auto grid = model::GridFromHistogram(histogram, levels.count(), kTimeMax);
  EXPECT_TRUE(grid.ok());
  // Pooled means of the terms, as a moments round would give them.
  const size_t p = spec.parameters();
  std::vector<double> center(p, 0.0);
  double n = 0;
  for (const auto& d : data) {
    for (size_t j = 0; j < p; ++j) center[j] += d.x.col(static_cast<Eigen::Index>(j)).sum();
    n += static_cast<double>(d.x.rows());
  }
  for (double& v : center) v /= n;

  Fit fit{model::NewtonFit(p, {}), {}, 0, 0};
  for (int evaluations = 0; fit.newton.state() == model::NewtonFit::State::kEvaluating && evaluations < 100; ++evaluations) {
    std::vector<double> sums(model::RiskSetSumsSize(*grid, p), 0.0);
    for (const auto& d : data) {
      auto site = model::RiskSetSums(d, levels, *grid, fit.newton.proposal(), center);
      EXPECT_TRUE(site.ok()) << site.status().ToString();
      for (size_t i = 0; i < sums.size(); ++i) sums[i] += (*site)[i];
    }
    auto total = model::SharedBaselineContribution(sums, *grid, p, fit.newton.proposal(), center, spec.ties);
    EXPECT_TRUE(total.ok());
    EXPECT_TRUE(fit.newton.Accept(*total).ok());
  }
  EXPECT_EQ(fit.newton.state(), model::NewtonFit::State::kConverged) << fit.newton.failure();
  fit.covariance = model::Covariance(fit.newton.variance_hessian());
  fit.n = fit.newton.at_beta().n;
  fit.events = fit.newton.at_beta().events;
  return fit;
}

ModelSpec LungCox(model::Ties ties, std::vector<std::string> strata) {
  ModelSpec spec;
  spec.type = model::ModelType::kCox;
  spec.ties = ties;
  spec.terms = {"age", "sex", "ph.ecog"};
  spec.time = "time";
  spec.event = "status";
  spec.event_value = 2;
  spec.strata = std::move(strata);
  return spec;
}

TEST(ReferenceFitsTest, LungCoxPooledEfronAndBreslow) {
  const auto one = Cohorts(LungPooledTable());
  Compare(FitFederated(LungCox(model::Ties::kEfron, {}), one), LungCox(model::Ties::kEfron, {}),
          ReferenceFit("lung_cox_age_sex_phecog", "efron"));
  Compare(FitFederated(LungCox(model::Ties::kBreslow, {}), one), LungCox(model::Ties::kBreslow, {}),
          ReferenceFit("lung_cox_age_sex_phecog", "breslow"));
}

TEST(ReferenceFitsTest, LungCoxStratifiedByInstitutionOverThreeSites) {
  // inst is nested in the sites, so site-stratified inst strata equal R's strata(inst).
  const ModelSpec spec = LungCox(model::Ties::kEfron, {"inst"});
  Compare(FitFederated(spec, Cohorts(LungTables())), spec, ReferenceFit("lung_cox_age_sex_phecog_strata_inst"));
}

TEST(ReferenceFitsTest, LungLogisticOverThreeSites) {
  ModelSpec spec;
  spec.type = model::ModelType::kLogistic;
  spec.terms = {"age", "sex", "ph.ecog"};
  spec.label = "status";
  spec.positive = 2;
  Compare(FitFederated(spec, Cohorts(LungTables())), spec, ReferenceFit("lung_logit_death_age_sex_phecog"));
}

TEST(ReferenceFitsTest, GbsgCox) {
  ModelSpec spec;
  spec.type = model::ModelType::kCox;
  spec.terms = {"age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon"};
  spec.time = "rfstime";
  spec.event = "status";
  const auto one = Cohorts(GbsgTable());
  Compare(FitFederated(spec, one), spec, ReferenceFit("gbsg_cox_rfs"));
}

TEST(ReferenceFitsTest, Hn1LogisticWithDerivedTermOverThreeSites) {
  ModelSpec spec;
  spec.type = model::ModelType::kLogistic;
  spec.terms = {"log(MeshVolume)", "age_at_diagnosis"};
  spec.label = "event_overall_survival";
  Compare(FitFederated(spec, Cohorts(Hn1Tables())), spec, ReferenceFit("hn1_logit_os_event_logMeshVolume_age"));
}

TEST(ReferenceFitsTest, LungCoxUnstratifiedOverThreeSitesWithSharedBaseline) {
  for (model::Ties ties : {model::Ties::kEfron, model::Ties::kBreslow}) {
    const ModelSpec spec = LungCox(ties, {});
    Compare(FitSharedBaseline(spec, Cohorts(LungTables()), {}), spec,
            ReferenceFit("lung_cox_age_sex_phecog", ties == model::Ties::kEfron ? "efron" : "breslow"));
  }
}

TEST(ReferenceFitsTest, GbsgRotterdamStratifiedByCohortWithRotterdamOverTwoSites) {
  ModelSpec spec;
  spec.type = model::ModelType::kCox;
  spec.terms = {"age", "meno", "grade", "nodes", "pgr", "er", "hormon"};
  spec.time = "rfs_time";
  spec.event = "rfs_event";
  spec.strata = {"cohort"};
  Compare(FitSharedBaseline(spec, Cohorts(GbsgRotterdamTables()), {{1, 2}}), spec,
          ReferenceFit("gbsg+rotterdam_cox_rfs_age_meno_grade_nodes_pgr_er_hormon_strata_site"));
}

TEST(ReferenceFitsTest, GbsgRotterdamPooledWithSharedBaseline) {
  ModelSpec spec;
  spec.type = model::ModelType::kCox;
  spec.terms = {"age", "meno", "grade", "nodes", "pgr", "er", "hormon"};
  spec.time = "rfs_time";
  spec.event = "rfs_event";
  Compare(FitSharedBaseline(spec, Cohorts(GbsgRotterdamTables()), {}), spec,
          ReferenceFit("gbsg+rotterdam_cox_rfs_age_meno_grade_nodes_pgr_er_hormon_pooled"));
}

TEST(ReferenceFitsTest, Hn1CoxWithDerivedTermOverThreeSites) {
  ModelSpec spec;
  spec.type = model::ModelType::kCox;
  spec.terms = {"log(MeshVolume)", "age_at_diagnosis"};
  spec.time = "overall_survival_in_days";
  spec.event = "event_overall_survival";
  Compare(FitSharedBaseline(spec, Cohorts(Hn1Tables()), {}), spec, ReferenceFit("hn1_cox_os_logMeshVolume_age"));
}

TEST(SharedBaselineTest, RefusesFractionalTimesAndUndeclaredStrata) {
  model::LocalData d;
  d.x = Eigen::MatrixXd::Zero(2, 1);
  d.time = Eigen::Vector2d(1.5, 3);
  d.outcome = Eigen::Vector2d(1, 1);
  d.stratum = {0, 0};
  d.stratum_keys = {{7}};
  EXPECT_NE(model::EventTimeHistogram(d, {}, 100).status().message().find("whole-number times"), std::string::npos);
  d.time = Eigen::Vector2d(1, 3);
  EXPECT_NE(model::EventTimeHistogram(d, {{1, 2}}, 100).status().message().find("not one of the study's strata_levels"),
            std::string::npos);
  EXPECT_NE(model::EventTimeHistogram(d, {}, 2).status().message().find("exceed the study's time_max"), std::string::npos);
}

}  // namespace
}  // namespace radfed::testing
