// NewtonFit: the coordinator's side of a federated Newton–Raphson fit, as a resumable state.
//
// It proposes coefficients, receives the summed Contribution at them, and moves on. Two
// algorithms, each reproducing the R function the results are compared with:
//  * kNewton (coxph): start at zero; Newton steps, halved when the penalised log-likelihood went
//    down; converged when |1 - loglik_old / loglik_new| <= tolerance; standard errors from the
//    information at the final coefficients.
//  * kGlmIrls (glm.fit): the first evaluation is at glm's start (mu = (y + 1/2) / 2, see
//    LogisticStartContribution), then IRLS updates beta = (X'WX)^-1 X'Wz; converged when
//    |dev - dev_old| / (|dev| + 0.1) < tolerance (R's default 1e-8); standard errors, as glm
//    reports them, from the weights of the last IRLS step (the information at the previous
//    coefficients).
// The whole state serialises to JSON so a coordinator restart resumes exactly.
#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "common/model/contribution.h"
#include "common/status.h"

namespace radfed::model {

enum class FitAlgorithm { kNewton, kGlmIrls };

struct NewtonOptions {
  FitAlgorithm algorithm = FitAlgorithm::kNewton;
  int max_iterations = 25;
  double tolerance = 1e-10;
  double l2 = 0;             // ridge penalty λ: maximise loglik - λ/2 Σ β_j²
  size_t unpenalised = 0;    // leading coefficients without penalty (the intercept)
  int max_halvings = 30;
};

class NewtonFit {
 public:
  enum class State { kEvaluating, kConverged, kFailed };

  NewtonFit(size_t parameters, NewtonOptions options);

  // Coefficients at which the sites should evaluate next (valid while kEvaluating), or glm's
  // start when at_start() (then the proposal is not used).
  const Eigen::VectorXd& proposal() const { return proposal_; }
  bool at_start() const { return options_.algorithm == FitAlgorithm::kGlmIrls && !have_beta_; }
  // Consumes the summed contribution at proposal().
  Status Accept(const Contribution& total);

  State state() const { return state_; }
  const std::string& failure() const { return failure_; }
  int iterations() const { return iterations_; }
  // Accepted coefficients and the summed contribution there.
  const Eigen::VectorXd& beta() const { return beta_; }
  const Contribution& at_beta() const { return at_beta_; }
  // Log-likelihood at the first proposal (all zeros: the null model for Cox).
  double initial_loglik() const { return initial_loglik_; }
  // Penalised log-likelihood and its Hessian at beta().
  double PenalisedLoglik(const Contribution& c, const Eigen::VectorXd& b) const;
  Eigen::MatrixXd PenalisedHessian(const Contribution& c) const;
  // The penalised Hessian the standard errors come from (see the algorithms above).
  const Eigen::MatrixXd& variance_hessian() const { return variance_hessian_; }

  nlohmann::json Save() const;
  static Result<NewtonFit> Restore(const nlohmann::json& state);

 private:
  void ProposeStep();
  Status AcceptIrls(const Contribution& total);
  // Solves information * x = rhs; false (with failure_ set) when the information is singular.
  bool Solve(const Eigen::MatrixXd& information, const Eigen::VectorXd& rhs, Eigen::VectorXd* x);

  size_t p_;
  NewtonOptions options_;
  State state_ = State::kEvaluating;
  std::string failure_;
  Eigen::VectorXd proposal_, beta_, step_;
  Contribution at_beta_;
  bool have_beta_ = false;
  int iterations_ = 0;
  int halvings_ = 0;
  double initial_loglik_ = 0;
  Eigen::MatrixXd variance_hessian_;
};

}  // namespace radfed::model
