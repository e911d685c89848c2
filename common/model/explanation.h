// Explanation: how each term of a fitted model contributes to one patient's linear predictor.
//
// Sites explain predictions locally (`radfed-node explain`): the fitted coefficients come from a
// study result, the patient's values from the site's own cohort, and the explanation is shown only
// at the site. Nothing here touches the network.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "common/model/model_spec.h"
#include "common/status.h"

namespace radfed::model {

// The part of a study result (the JSON of `radfed study run --out`) an explanation needs.
struct FittedModel {
  ModelType type = ModelType::kCox;
  std::vector<std::string> terms;  // term texts as in the result ("age", "log(MeshVolume)")
  std::vector<double> coef;        // one per term, on the original scale
  double intercept = 0;            // logistic only
  // Pooled means of the terms, when the study computed them (standardize: true). With them,
  // contributions are also given relative to the average patient of the consortium.
  std::optional<std::vector<double>> term_means;
};

// Reads a result JSON; `source` names it in errors (e.g. the file path).
Result<FittedModel> FittedModelFromResult(const nlohmann::json& result, const std::string& source);

struct TermContribution {
  std::string term;
  double value = 0;         // the patient's value of the term
  double coef = 0;
  double contribution = 0;  // coef * value
  std::optional<double> relative_to_mean;  // coef * (value - pooled mean), when means are known
};

struct Explanation {
  std::vector<TermContribution> terms;  // in model order
  double intercept = 0;
  double linear_predictor = 0;  // intercept + sum of contributions
  // Logistic: predicted probability. Cox: hazard ratio against the average patient when means
  // are known (exp of the sum of relative contributions), else exp(linear predictor).
  double risk = 0;
  bool risk_relative_to_mean = false;
};

// `values` holds the patient's value of each term, in model order; all must be finite.
Result<Explanation> Explain(const FittedModel& model, const std::vector<double>& values);

}  // namespace radfed::model
