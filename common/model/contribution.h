// Contribution: what one site adds to the federated likelihood at given coefficients.
//
// Every site computes its log-likelihood, gradient and Hessian at the coordinator's current
// coefficients on its own complete cases; the coordinator receives only the element-wise sum over
// sites (secure aggregation), which for site-stratified Cox and for logistic regression is exactly
// the pooled likelihood's value, gradient and Hessian.
//
// Flat layout (Flatten/Unflatten), p = number of coefficients:
//   [0]                     log-likelihood
//   [1, 1+p)                gradient
//   [1+p, 1+p+p(p+1)/2)     Hessian, upper triangle row by row (H(0,0), H(0,1), ..., H(p-1,p-1))
//   then                    n (complete cases), events (Cox) or positives (logistic)
#pragma once

#include <Eigen/Dense>

#include <vector>

#include "common/model/local_data.h"
#include "common/model/model_spec.h"
#include "common/status.h"

namespace radfed::model {

struct Contribution {
  double loglik = 0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;  // second derivatives (negative semi-definite at a maximum)
  double n = 0;
  double events = 0;

  static Contribution Zero(size_t p);
  Contribution& operator+=(const Contribution& other);
};

size_t FlatSize(size_t p);
std::vector<double> Flatten(const Contribution& c);
Result<Contribution> Unflatten(const std::vector<double>& flat, size_t p);

// Cox partial likelihood (Efron or Breslow ties), stratified by data.stratum. `beta` has one
// entry per term. Linear predictors are shifted per stratum for overflow safety (the partial
// likelihood does not change).
Contribution CoxContribution(const LocalData& data, const Eigen::VectorXd& beta, Ties ties);

// Logistic regression with intercept: beta[0] is the intercept, beta[1..] the terms.
Contribution LogisticContribution(const LocalData& data, const Eigen::VectorXd& beta);

// The first IRLS step of R's glm.fit, which starts from mu = (y + 1/2) / 2 instead of from
// coefficients: hessian = -X'WX and loglik at that mu as usual, but the gradient slot carries
// X'Wz (z the working response), from which the first coefficients are solved directly.
Contribution LogisticStartContribution(const LocalData& data);

// At `beta`, or at glm's start when `at_start` (logistic only; Cox always starts at zero).
Contribution ModelContribution(const ModelSpec& spec, const LocalData& data, const Eigen::VectorXd& beta,
                               bool at_start = false);

}  // namespace radfed::model
