#include "common/model/local_data.h"

#include <cmath>
#include <map>

#include "common/model/expression.h"

namespace radfed::model {

size_t LocalData::events() const {
  size_t n = 0;
  for (Eigen::Index i = 0; i < outcome.size(); ++i) n += outcome[i] != 0;
  return n;
}

Result<LocalData> BuildLocalData(const ModelSpec& spec, const study::ColumnSource& data) {
  const size_t rows = data.row_count();
  auto column = [&](const std::string& name) { return data.Numeric(name); };
  std::vector<std::vector<double>> terms;
  for (const std::string& text : spec.terms) {
    RADFED_ASSIGN_OR_RETURN(Expression e, Expression::Parse(text));
    RADFED_ASSIGN_OR_RETURN(std::vector<double> values, e.Evaluate(rows, column));
    terms.push_back(std::move(values));
  }
  std::vector<double> time(rows, 0.0), outcome_raw;
  std::vector<std::vector<double>> strata;
  if (spec.type == ModelType::kCox) {
    RADFED_ASSIGN_OR_RETURN(time, data.Numeric(spec.time));
    RADFED_ASSIGN_OR_RETURN(outcome_raw, data.Numeric(spec.event));
    for (const std::string& s : spec.strata) {
      RADFED_ASSIGN_OR_RETURN(std::vector<double> values, data.Numeric(s));
      strata.push_back(std::move(values));
    }
  } else {
    RADFED_ASSIGN_OR_RETURN(outcome_raw, data.Numeric(spec.label));
  }
  const double hit = spec.type == ModelType::kCox ? spec.event_value : spec.positive;

  std::vector<size_t> keep;
  size_t negative_times = 0;
  for (size_t r = 0; r < rows; ++r) {
    bool complete = !std::isnan(outcome_raw[r]) && !std::isnan(time[r]);
    for (const auto& t : terms) complete = complete && !std::isnan(t[r]);
    for (const auto& s : strata) complete = complete && !std::isnan(s[r]);
    if (!complete) continue;
    if (spec.type == ModelType::kCox && time[r] < 0) {
      ++negative_times;
      continue;
    }
    keep.push_back(r);
  }
  if (negative_times > 0) {
    return Status::InvalidArgument("time column '" + spec.time + "' has " + std::to_string(negative_times) +
                                   " negative values");
  }
  LocalData out;
  out.rows_total = rows;
  const Eigen::Index n = static_cast<Eigen::Index>(keep.size());
  out.x.resize(n, static_cast<Eigen::Index>(terms.size()));
  out.time.resize(n);
  out.outcome.resize(n);
  out.stratum.assign(keep.size(), 0);
  std::map<std::vector<double>, int> stratum_ids;
  for (Eigen::Index i = 0; i < n; ++i) {
    const size_t r = keep[static_cast<size_t>(i)];
    for (size_t t = 0; t < terms.size(); ++t) out.x(i, static_cast<Eigen::Index>(t)) = terms[t][r];
    out.time[i] = time[r];
    out.outcome[i] = outcome_raw[r] == hit ? 1.0 : 0.0;
    std::vector<double> key;
    for (const auto& s : strata) key.push_back(s[r]);
    auto [it, inserted] = stratum_ids.emplace(key, static_cast<int>(stratum_ids.size()));
    if (inserted) out.stratum_keys.push_back(key);
    out.stratum[static_cast<size_t>(i)] = it->second;
  }
  return out;
}

void Standardize(LocalData& data, const std::vector<double>& center, const std::vector<double>& scale) {
  for (Eigen::Index j = 0; j < data.x.cols(); ++j) {
    data.x.col(j) = (data.x.col(j).array() - center[static_cast<size_t>(j)]) / scale[static_cast<size_t>(j)];
  }
}

}  // namespace radfed::model
