#include "node/agent/explain_command.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "common/io/file_reading.h"
#include "common/io/untrusted_json.h"
#include "common/model/explanation.h"
#include "common/model/expression.h"
#include "node/agent/node_config.h"
#include "node/cohort/cohort.h"

namespace radfed::node {
namespace {

struct ExplainOptions {
  std::string config;
  std::string result;
  std::string patient;
  bool json = false;
};

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  RADFED_ASSIGN_OR_RETURN(std::string text, io::ReadFile(path));
  auto parsed = io::ParseUntrustedJson(text);
  if (parsed.is_discarded()) return Status::InvalidArgument(path + ": not valid JSON");
  return parsed;
}

// The patient's value of every term, evaluated on the site's own rows.
Result<std::vector<double>> TermValues(const model::FittedModel& fitted, const cohort::Cohort& cohort,
                                       size_t row) {
  std::vector<double> values;
  for (const auto& term : fitted.terms) {
    RADFED_ASSIGN_OR_RETURN(model::Expression expression, model::Expression::Parse(term));
    auto column = [&](const std::string& name) -> Result<std::vector<double>> {
      RADFED_ASSIGN_OR_RETURN(cohort::NumericColumn c, cohort.Numeric(name));
      return std::move(c.values);
    };
    RADFED_ASSIGN_OR_RETURN(std::vector<double> all, expression.Evaluate(cohort.row_count(), column));
    values.push_back(all[row]);
  }
  return values;
}

Result<model::Explanation> ExplainPatient(const ExplainOptions& o, const NodeConfig& config) {
  RADFED_ASSIGN_OR_RETURN(nlohmann::json result, ReadJsonFile(o.result));
  RADFED_ASSIGN_OR_RETURN(model::FittedModel fitted, model::FittedModelFromResult(result, o.result));
  RADFED_ASSIGN_OR_RETURN(cohort::Cohort cohort, cohort::Cohort::Load(config.tables));
  const std::string& key = config.tables.front().key;
  RADFED_ASSIGN_OR_RETURN(std::vector<std::string> ids, cohort.Text(key));
  const auto it = std::find(ids.begin(), ids.end(), o.patient);
  if (it == ids.end()) {
    return Status::NotFound("patient '" + o.patient + "' is not in the cohort (key column '" + key + "')");
  }
  auto values = TermValues(fitted, cohort, static_cast<size_t>(it - ids.begin()));
  if (!values.ok()) return values.status().WithContext(o.result);
  auto explanation = model::Explain(fitted, *values);
  if (!explanation.ok()) return explanation.status().WithContext("patient '" + o.patient + "'");
  return explanation;
}

void PrintTable(const ExplainOptions& o, const model::Explanation& e) {
  std::printf("Patient %s: contributions to the linear predictor (computed at this site only)\n\n",
              o.patient.c_str());
  std::printf("%-28s %14s %12s %14s %14s\n", "term", "value", "coef", "contribution", "vs. mean");
  for (const auto& t : e.terms) {
    std::printf("%-28s %14.6g %12.6g %14.6g ", t.term.c_str(), t.value, t.coef, t.contribution);
    if (t.relative_to_mean) std::printf("%14.6g\n", *t.relative_to_mean);
    else std::printf("%14s\n", "-");
  }
  if (e.intercept != 0) std::printf("%-28s %14s %12.6g %14.6g\n", "(Intercept)", "", e.intercept, e.intercept);
  std::printf("\nlinear predictor: %.6g\n", e.linear_predictor);
  if (e.risk_relative_to_mean) std::printf("hazard ratio vs. the consortium's average patient: %.6g\n", e.risk);
  else if (e.intercept != 0 || e.terms.empty()) std::printf("predicted probability: %.6g\n", e.risk);
  else std::printf("relative hazard exp(linear predictor): %.6g\n", e.risk);
}

void PrintJson(const ExplainOptions& o, const model::Explanation& e) {
  nlohmann::json terms = nlohmann::json::array();
  for (const auto& t : e.terms) {
    nlohmann::json row = {{"term", t.term}, {"value", t.value}, {"coef", t.coef}, {"contribution", t.contribution}};
    if (t.relative_to_mean) row["relative_to_mean"] = *t.relative_to_mean;
    terms.push_back(row);
  }
  std::cout << nlohmann::json{{"patient", o.patient}, {"terms", terms}, {"intercept", e.intercept},
                              {"linear_predictor", e.linear_predictor}, {"risk", e.risk},
                              {"risk_relative_to_mean", e.risk_relative_to_mean}}.dump(2)
            << "\n";
}

int RunExplain(const ExplainOptions& o) {
  auto config = LoadNodeConfig(o.config);
  if (!config.ok()) {
    std::cerr << "radfed-node explain: " << config.status().message() << "\n";
    return 1;
  }
  auto explanation = ExplainPatient(o, *config);
  if (!explanation.ok()) {
    std::cerr << "radfed-node explain: " << explanation.status().message() << "\n";
    return 1;
  }
  if (o.json) PrintJson(o, *explanation);
  else PrintTable(o, *explanation);
  return 0;
}

}  // namespace

void AddExplainCommand(CLI::App& app) {
  auto* explain = app.add_subcommand("explain", "Explain one local patient's prediction under a fitted model");
  auto o = std::make_shared<ExplainOptions>();
  explain->add_option("--config", o->config, "node.yaml (its cohort tables)")->required();
  explain->add_option("--result", o->result, "study result JSON of a model study")->required();
  explain->add_option("--patient", o->patient, "the patient's key in the first cohort table")->required();
  explain->add_flag("--json", o->json, "print JSON instead of a table");
  explain->callback([o] { std::exit(RunExplain(*o)); });
}

}  // namespace radfed::node
