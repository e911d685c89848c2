// ModelSpec: what model a study fits — the part of the study specification that sites need.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::model {

enum class ModelType { kCox, kLogistic };
enum class Ties { kEfron, kBreslow };

struct ModelSpec {
  ModelType type = ModelType::kCox;
  Ties ties = Ties::kEfron;
  std::vector<std::string> terms;  // columns or expressions, e.g. "age", "log(MeshVolume)"
  // Cox outcome: event when column `event` equals `event_value`.
  std::string time;
  std::string event;
  double event_value = 1;
  // Logistic outcome: positive when column `label` equals `positive`.
  std::string label;
  double positive = 1;
  std::vector<std::string> strata;  // Cox: local columns adding strata within a site

  // Number of coefficients: terms (+1 intercept for logistic).
  size_t parameters() const { return terms.size() + (type == ModelType::kLogistic ? 1 : 0); }
  // Names of the coefficients as R prints them ("(Intercept)" first for logistic).
  std::vector<std::string> coefficient_names() const;
  // Columns the site must provide.
  std::vector<std::string> columns() const;

  nlohmann::json ToJson() const;
  static Result<ModelSpec> FromJson(const nlohmann::json& j);
};

std::string ModelTypeName(ModelType type);

}  // namespace radfed::model
