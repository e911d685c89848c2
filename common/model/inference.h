// Inference: the coefficient table clinicians read, from the fitted coefficients and the
// aggregated Hessian.
#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace radfed::model {

struct CoefficientRow {
  std::string term;
  double coef = 0, se = 0, z = 0, p = 0, ci_low = 0, ci_high = 0, exp_coef = 0;
};

// Standard errors from the inverse of the information matrix (-hessian); two-sided normal
// p-values; 95 % Wald intervals; exp(coef) (hazard or odds ratio). Returns empty when the
// information is singular.
std::vector<CoefficientRow> CoefficientTable(const std::vector<std::string>& terms, const Eigen::VectorXd& beta,
                                             const Eigen::MatrixXd& covariance);

// (-hessian)^{-1}; empty matrix if singular.
Eigen::MatrixXd Covariance(const Eigen::MatrixXd& hessian);

// Two-sided p-value of a standard normal statistic.
double TwoSidedNormalP(double z);

nlohmann::json ToJson(const CoefficientRow& row);

}  // namespace radfed::model
