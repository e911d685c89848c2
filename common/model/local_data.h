// LocalData: a site's complete cases for one model, as numbers ready for the likelihood.
//
// Built from the site's columns for the model's terms, outcome and strata; rows with any of
// them missing are dropped (complete cases) and only counted.
#pragma once

#include <Eigen/Dense>

#include <string>
#include <vector>

#include "common/model/model_spec.h"
#include "common/status.h"
#include "common/study/column_source.h"

namespace radfed::model {

struct LocalData {
  Eigen::MatrixXd x;          // n × p model terms (no intercept column)
  Eigen::VectorXd time;       // Cox: follow-up time
  Eigen::VectorXd outcome;    // Cox: 1 event / 0 censored; logistic: 1 positive / 0 negative
  std::vector<int> stratum;   // Cox: stratum id within the site (0 when unstratified)
  // Values of the strata columns for each stratum id (empty vectors when unstratified).
  std::vector<std::vector<double>> stratum_keys;
  size_t rows_total = 0;      // rows in the site's cohort
  size_t rows_used() const { return static_cast<size_t>(x.rows()); }
  size_t events() const;      // Cox: events; logistic: positives
};

// Reads the terms, outcome and strata of `spec` from `data`. Errors name the column or term and
// count offending rows (never values): unknown column, non-numeric column, undefined term,
// outcome values that are neither the event/positive value nor another number.
Result<LocalData> BuildLocalData(const ModelSpec& spec, const study::ColumnSource& data);

// Applies (x - center) / scale to every term (standardisation with pooled moments).
void Standardize(LocalData& data, const std::vector<double>& center, const std::vector<double>& scale);

}  // namespace radfed::model
