#include "common/model/model_spec.h"

#include <set>

#include "common/model/expression.h"

namespace radfed::model {

std::string ModelTypeName(ModelType type) { return type == ModelType::kCox ? "cox" : "logistic"; }

std::vector<std::string> ModelSpec::coefficient_names() const {
  std::vector<std::string> names;
  if (type == ModelType::kLogistic) names.push_back("(Intercept)");
  names.insert(names.end(), terms.begin(), terms.end());
  return names;
}

std::vector<std::string> ModelSpec::columns() const {
  std::set<std::string> cols;
  for (const std::string& term : terms) {
    auto e = Expression::Parse(term);
    if (e.ok()) cols.insert(e->columns().begin(), e->columns().end());
  }
  if (type == ModelType::kCox) {
    cols.insert(time);
    cols.insert(event);
    cols.insert(strata.begin(), strata.end());
  } else {
    cols.insert(label);
  }
  return {cols.begin(), cols.end()};
}

nlohmann::json ModelSpec::ToJson() const {
  nlohmann::json j = {{"model", ModelTypeName(type)}, {"terms", terms}};
  if (type == ModelType::kCox) {
    j["ties"] = ties == Ties::kEfron ? "efron" : "breslow";
    j["time"] = time;
    j["event"] = event;
    j["event_value"] = event_value;
    j["strata"] = strata;
  } else {
    j["label"] = label;
    j["positive"] = positive;
  }
  return j;
}

Result<ModelSpec> ModelSpec::FromJson(const nlohmann::json& j) {
  try {
    ModelSpec spec;
    const std::string model = j.at("model");
    if (model == "cox") spec.type = ModelType::kCox;
    else if (model == "logistic") spec.type = ModelType::kLogistic;
    else return Status::InvalidArgument("unknown model '" + model + "'");
    spec.terms = j.at("terms").get<std::vector<std::string>>();
    if (spec.type == ModelType::kCox) {
      spec.ties = j.at("ties") == "breslow" ? Ties::kBreslow : Ties::kEfron;
      spec.time = j.at("time");
      spec.event = j.at("event");
      spec.event_value = j.at("event_value");
      spec.strata = j.at("strata").get<std::vector<std::string>>();
    } else {
      spec.label = j.at("label");
      spec.positive = j.at("positive");
    }
    for (const std::string& term : spec.terms) RADFED_RETURN_IF_ERROR(Expression::Parse(term).status());
    return spec;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("malformed model description: ") + e.what());
  }
}

}  // namespace radfed::model
