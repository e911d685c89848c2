// NewtonFit: the coordinator's side of a federated Newton–Raphson fit, as a resumable state.
//
// It proposes coefficients, receives the summed Contribution at them, and either accepts them
// (and proposes the next Newton step) or, when the (penalised) log-likelihood went down, halves
// the step. Convergence: relative change of the log-likelihood at most `tolerance`, as R's coxph
// and glm judge it. The whole state serialises to JSON so a coordinator restart resumes exactly.
#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "common/model/contribution.h"
#include "common/status.h"

namespace radfed::model {

struct NewtonOptions {
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

  // Coefficients at which the sites should evaluate next (valid while kEvaluating).
  const Eigen::VectorXd& proposal() const { return proposal_; }
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

  nlohmann::json Save() const;
  static Result<NewtonFit> Restore(const nlohmann::json& state);

 private:
  void ProposeStep();

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
};

}  // namespace radfed::model
