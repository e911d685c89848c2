// Standardisation of model terms with pooled moments, and the way back to the original scale.
//
// With `standardize: true` each term is fitted as (x - mean) / sd with the pooled mean and sample
// SD (from a moments round). Coefficients and their covariance are mapped back with the linear
// map beta = J beta_std: for Cox J = diag(1/sd); for logistic the intercept also absorbs
// -Σ beta_std_j mean_j / sd_j. Covariance: J Cov J'.
#pragma once

#include <Eigen/Dense>

#include <vector>

#include "common/model/model_spec.h"

namespace radfed::model {

// J for `type` with per-term means and SDs (p = number of coefficients).
Eigen::MatrixXd BackTransform(ModelType type, const std::vector<double>& mean, const std::vector<double>& sd);

}  // namespace radfed::model
