#include "common/model/explanation.h"

#include <algorithm>
#include <cmath>

namespace radfed::model {

Result<FittedModel> FittedModelFromResult(const nlohmann::json& result, const std::string& source) {
  if (!result.is_object() || !result.contains("model") || !result.contains("coefficients")) {
    return Status::InvalidArgument(source + ": not a model study result (no 'model' or 'coefficients')");
  }
  FittedModel fitted;
  const auto& kind = result.at("model");
  if (kind == "cox") {
    fitted.type = ModelType::kCox;
  } else if (kind == "logistic") {
    fitted.type = ModelType::kLogistic;
  } else {
    return Status::InvalidArgument(source + ": unknown model '" + kind.dump() + "'");
  }
  for (const auto& row : result.at("coefficients")) {
    if (!row.contains("term") || !row.contains("coef") || !row.at("term").is_string() ||
        !row.at("coef").is_number()) {
      return Status::InvalidArgument(source + ": a coefficient lacks 'term' or a numeric 'coef'");
    }
    const std::string term = row.at("term").get<std::string>();
    const double coef = row.at("coef").get<double>();
    if (term == "(Intercept)") {
      fitted.intercept = coef;
    } else {
      fitted.terms.push_back(term);
      fitted.coef.push_back(coef);
    }
  }
  if (result.contains("standardization")) {
    const auto& standardization = result.at("standardization");
    const auto mean = standardization.is_object() ? standardization.find("mean") : standardization.end();
    if (mean == standardization.end() || !mean->is_array() ||
        !std::all_of(mean->begin(), mean->end(), [](const nlohmann::json& v) { return v.is_number(); })) {
      return Status::InvalidArgument(source + ": standardization.mean is not a list of numbers");
    }
    auto means = mean->get<std::vector<double>>();
    if (means.size() != fitted.terms.size()) {
      return Status::InvalidArgument(source + ": standardization.mean has " + std::to_string(means.size()) +
                                     " values for " + std::to_string(fitted.terms.size()) + " terms");
    }
    fitted.term_means = std::move(means);
  }
  return fitted;
}

Result<Explanation> Explain(const FittedModel& model, const std::vector<double>& values) {
  if (values.size() != model.terms.size()) {
    return Status::InvalidArgument("expected " + std::to_string(model.terms.size()) + " term values, got " +
                                   std::to_string(values.size()));
  }
  Explanation e;
  e.intercept = model.intercept;
  e.linear_predictor = model.intercept;
  double relative_sum = 0;
  for (size_t j = 0; j < values.size(); ++j) {
    if (!std::isfinite(values[j])) {
      return Status::InvalidArgument("term '" + model.terms[j] + "' has no finite value for this patient");
    }
    TermContribution t{model.terms[j], values[j], model.coef[j], model.coef[j] * values[j], std::nullopt};
    if (model.term_means) {
      t.relative_to_mean = model.coef[j] * (values[j] - (*model.term_means)[j]);
      relative_sum += *t.relative_to_mean;
    }
    e.linear_predictor += t.contribution;
    e.terms.push_back(std::move(t));
  }
  if (model.type == ModelType::kLogistic) {
    e.risk = 1 / (1 + std::exp(-e.linear_predictor));
  } else if (model.term_means) {
    e.risk = std::exp(relative_sum);
    e.risk_relative_to_mean = true;
  } else {
    e.risk = std::exp(e.linear_predictor);
  }
  return e;
}

}  // namespace radfed::model
