// Federated regression studies (`type: model`): Cox or logistic models whose fit equals the
// pooled analysis, validated across sites.
//
// Rounds, in order (each one secure sum over the sites):
//   census       per site: complete cases and events, in the site's own slot (the result lists
//                them per site); the site's disclosure guards run here first
//   moments      per term n, Σx, Σx² (for `standardize`, and to centre shared-baseline fits)
//   event_times  shared baseline only: events per (stratum, day), giving the event-time grid
//   fit          one round per Newton (Cox) / IRLS (logistic) evaluation
//   evaluate     Harrell's C counts (Cox) or score histograms (logistic) at the fitted model
//   calibrate    calibration fit of the outcome on the linear predictor
// Cox only, once after the main calibrate, for the survival curves by predicted risk group
// (common/model/survival_curves.h):
//   risk_scale      n, Σ lp, Σ lp², Σ time at the fitted model
//   risk_histogram  histogram of lp (tertile cut-offs), patients followed beyond candidate horizons
//   survival        at risk, events and censorings per (risk group, interval of the time grid)
// With `validation: leave-one-site-out`, fit/evaluate/calibrate then run again once per site:
// fitted without it (it sends zeros), evaluated on it alone (the others send zeros).
//
// The study YAML keys are documented in docs/models.md.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "common/config/yaml_node.h"
#include "common/model/disclosure_guards.h"
#include "common/model/model_spec.h"
#include "common/model/shared_baseline.h"
#include "common/study/column_source.h"
#include "common/study/study_plan.h"

namespace radfed::study {

struct ModelStudySpec {
  std::string name;
  model::ModelSpec model;
  bool standardize = false;
  double l2 = 0;
  int max_iterations = 25;
  double tolerance = 0;  // 0: the R default of the model (coxph 1e-9 is tightened to 1e-10; glm 1e-8)
  bool shared_baseline = false;
  model::StrataLevels strata_levels;
  int time_max = 36500;
  bool leave_one_site_out = false;
  double km_horizon = 0;  // 0: derived from the pooled follow-up (see survival_curves.h)
  int km_intervals = 10;

  double effective_tolerance() const;
};

// Reads the model-specific keys of a study specification (see docs/models.md).
Result<ModelStudySpec> ParseModelStudySpec(const config::YamlNode& root, const std::string& name);

// `roster` orders the per-site census slots.
std::unique_ptr<StudyPlan> MakeModelPlan(const ModelStudySpec& spec, std::vector<std::string> roster);
Result<std::unique_ptr<StudyPlan>> RestoreModelPlan(const ModelStudySpec& spec, std::vector<std::string> roster,
                                                    const nlohmann::json& state);

// Site side: this site's vector for a model task. `site` is the site's own name.
Result<std::vector<double>> ModelContribution(const nlohmann::json& task, const ColumnSource& data,
                                              const std::string& site, const model::DisclosureGuards& guards);

}  // namespace radfed::study
