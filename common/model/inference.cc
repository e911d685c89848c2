#include "common/model/inference.h"

#include <algorithm>
#include <cmath>

namespace radfed::model {

double TwoSidedNormalP(double z) { return std::erfc(std::abs(z) / std::sqrt(2.0)); }

Eigen::MatrixXd Covariance(const Eigen::MatrixXd& hessian) {
  const Eigen::MatrixXd information = -hessian;
  Eigen::LDLT<Eigen::MatrixXd> ldlt(information);
  const Eigen::VectorXd pivots = ldlt.vectorD();
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
      pivots.minCoeff() <= 1e-13 * std::max(pivots.maxCoeff(), 1e-300)) {
    return {};
  }
  return ldlt.solve(Eigen::MatrixXd::Identity(information.rows(), information.cols()));
}

std::vector<CoefficientRow> CoefficientTable(const std::vector<std::string>& terms, const Eigen::VectorXd& beta,
                                             const Eigen::MatrixXd& covariance) {
  std::vector<CoefficientRow> rows;
  if (covariance.rows() != beta.size()) return rows;
  constexpr double kZ975 = 1.959963984540054;
  for (Eigen::Index j = 0; j < beta.size(); ++j) {
    CoefficientRow r;
    r.term = terms[static_cast<size_t>(j)];
    r.coef = beta[j];
    r.se = std::sqrt(covariance(j, j));
    r.z = r.coef / r.se;
    r.p = TwoSidedNormalP(r.z);
    r.ci_low = r.coef - kZ975 * r.se;
    r.ci_high = r.coef + kZ975 * r.se;
    r.exp_coef = std::exp(r.coef);
    rows.push_back(r);
  }
  return rows;
}

nlohmann::json ToJson(const CoefficientRow& r) {
  return {{"term", r.term}, {"coef", r.coef}, {"se", r.se}, {"z", r.z}, {"p", r.p},
          {"ci_low", r.ci_low}, {"ci_high", r.ci_high}, {"exp_coef", r.exp_coef}};
}

}  // namespace radfed::model
