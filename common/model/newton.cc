#include "common/model/newton.h"

#include <algorithm>
#include <cmath>

namespace radfed::model {
namespace {

nlohmann::json ToJson(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
Eigen::VectorXd FromJson(const nlohmann::json& j) {
  const auto v = j.get<std::vector<double>>();
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

}  // namespace

NewtonFit::NewtonFit(size_t parameters, NewtonOptions options)
    : p_(parameters), options_(options),
      proposal_(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(parameters))),
      beta_(proposal_), step_(proposal_), at_beta_(Contribution::Zero(parameters)) {}

double NewtonFit::PenalisedLoglik(const Contribution& c, const Eigen::VectorXd& b) const {
  double penalty = 0;
  for (Eigen::Index j = static_cast<Eigen::Index>(options_.unpenalised); j < b.size(); ++j) penalty += b[j] * b[j];
  return c.loglik - 0.5 * options_.l2 * penalty;
}

Eigen::MatrixXd NewtonFit::PenalisedHessian(const Contribution& c) const {
  Eigen::MatrixXd h = c.hessian;
  for (Eigen::Index j = static_cast<Eigen::Index>(options_.unpenalised); j < h.rows(); ++j) h(j, j) -= options_.l2;
  return h;
}

bool NewtonFit::Solve(const Eigen::MatrixXd& information, const Eigen::VectorXd& rhs, Eigen::VectorXd* x) {
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(information);
  const Eigen::VectorXd pivots = ldlt.vectorD();
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
      pivots.minCoeff() <= 1e-13 * std::max(pivots.maxCoeff(), 1e-300)) {
    state_ = State::kFailed;
    failure_ = "the information matrix is not positive definite (collinear or constant terms?)";
    return false;
  }
  *x = ldlt.solve(rhs);
  if (!x->allFinite()) {
    state_ = State::kFailed;
    failure_ = "the Newton step is not finite (separation or collinear terms?)";
    return false;
  }
  return true;
}

void NewtonFit::ProposeStep() {
  Eigen::VectorXd g = at_beta_.gradient;
  for (Eigen::Index j = static_cast<Eigen::Index>(options_.unpenalised); j < g.size(); ++j) g[j] -= options_.l2 * beta_[j];
  if (!Solve(-PenalisedHessian(at_beta_), g, &step_)) return;
  proposal_ = beta_ + step_;
  halvings_ = 0;
}

Status NewtonFit::AcceptIrls(const Contribution& total) {
  // IRLS: beta_next = (X'WX + penalty)^-1 X'Wz at the evaluated point. At glm's start the
  // contribution carries X'Wz; at coefficients b, X'Wz = X'WX b + X'(y - mu) = -H b + g.
  const Eigen::VectorXd working = at_start() ? total.gradient : Eigen::VectorXd(-total.hessian * proposal_ + total.gradient);
  const double deviance = -2 * total.loglik;
  if (have_beta_) {
    ++iterations_;
    const double previous = -2 * at_beta_.loglik;
    beta_ = proposal_;
    if (std::abs(deviance - previous) / (std::abs(deviance) + 0.1) < options_.tolerance) {
      at_beta_ = total;
      state_ = State::kConverged;  // variance_hessian_ stays the one of the last IRLS step
      return Status::Ok();
    }
    if (iterations_ >= options_.max_iterations) {
      at_beta_ = total;
      state_ = State::kFailed;
      failure_ = "did not converge in " + std::to_string(options_.max_iterations) + " iterations";
      return Status::Ok();
    }
  } else {
    initial_loglik_ = total.loglik;
  }
  at_beta_ = total;
  have_beta_ = true;
  variance_hessian_ = PenalisedHessian(total);
  Eigen::VectorXd next;
  if (!Solve(-variance_hessian_, working, &next)) return Status::Ok();
  proposal_ = next;
  return Status::Ok();
}

Status NewtonFit::Accept(const Contribution& total) {
  if (state_ != State::kEvaluating) return Status::FailedPrecondition("the fit is not waiting for an evaluation");
  if (static_cast<size_t>(total.gradient.size()) != p_) {
    return Status::InvalidArgument("contribution for " + std::to_string(total.gradient.size()) +
                                   " coefficients, expected " + std::to_string(p_));
  }
  if (!std::isfinite(total.loglik) || !total.gradient.allFinite() || !total.hessian.allFinite()) {
    state_ = State::kFailed;
    failure_ = "the summed likelihood is not finite at the proposed coefficients";
    return Status::Ok();
  }
  if (options_.algorithm == FitAlgorithm::kGlmIrls) return AcceptIrls(total);
  if (!have_beta_) {
    initial_loglik_ = total.loglik;
    beta_ = proposal_;
    at_beta_ = total;
    have_beta_ = true;
    ProposeStep();
    return Status::Ok();
  }
  const double previous = PenalisedLoglik(at_beta_, beta_);
  const double current = PenalisedLoglik(total, proposal_);
  if (current < previous - 1e-12 * std::abs(previous)) {
    // The full step overshot: halve it and evaluate again.
    if (++halvings_ > options_.max_halvings) {
      state_ = State::kFailed;
      failure_ = "step-halving did not increase the log-likelihood";
      return Status::Ok();
    }
    step_ /= 2;
    proposal_ = beta_ + step_;
    return Status::Ok();
  }
  ++iterations_;
  beta_ = proposal_;
  at_beta_ = total;
  const double change = std::abs(current - previous);
  if (change <= options_.tolerance * std::max(std::abs(current), 1e-300) || change == 0) {
    state_ = State::kConverged;
    variance_hessian_ = PenalisedHessian(at_beta_);
    return Status::Ok();
  }
  if (iterations_ >= options_.max_iterations) {
    state_ = State::kFailed;
    failure_ = "did not converge in " + std::to_string(options_.max_iterations) + " iterations";
    return Status::Ok();
  }
  ProposeStep();
  return Status::Ok();
}

nlohmann::json NewtonFit::Save() const {
  std::vector<double> variance(variance_hessian_.data(), variance_hessian_.data() + variance_hessian_.size());
  return {{"p", p_},
          {"algorithm", options_.algorithm == FitAlgorithm::kGlmIrls ? "glm-irls" : "newton"},
          {"variance_hessian", variance},
          {"max_iterations", options_.max_iterations},
          {"tolerance", options_.tolerance},
          {"l2", options_.l2},
          {"unpenalised", options_.unpenalised},
          {"max_halvings", options_.max_halvings},
          {"state", static_cast<int>(state_)},
          {"failure", failure_},
          {"proposal", ToJson(proposal_)},
          {"beta", ToJson(beta_)},
          {"step", ToJson(step_)},
          {"at_beta", Flatten(at_beta_)},
          {"have_beta", have_beta_},
          {"iterations", iterations_},
          {"halvings", halvings_},
          {"initial_loglik", initial_loglik_}};
}

Result<NewtonFit> NewtonFit::Restore(const nlohmann::json& s) {
  try {
    NewtonOptions options;
    options.algorithm = s.at("algorithm") == "glm-irls" ? FitAlgorithm::kGlmIrls : FitAlgorithm::kNewton;
    options.max_iterations = s.at("max_iterations");
    options.tolerance = s.at("tolerance");
    options.l2 = s.at("l2");
    options.unpenalised = s.at("unpenalised");
    options.max_halvings = s.at("max_halvings");
    NewtonFit fit(s.at("p").get<size_t>(), options);
    fit.state_ = static_cast<State>(s.at("state").get<int>());
    fit.failure_ = s.at("failure");
    fit.proposal_ = FromJson(s.at("proposal"));
    fit.beta_ = FromJson(s.at("beta"));
    fit.step_ = FromJson(s.at("step"));
    RADFED_ASSIGN_OR_RETURN(fit.at_beta_, Unflatten(s.at("at_beta").get<std::vector<double>>(), fit.p_));
    fit.have_beta_ = s.at("have_beta");
    fit.iterations_ = s.at("iterations");
    fit.halvings_ = s.at("halvings");
    fit.initial_loglik_ = s.at("initial_loglik");
    const auto variance = s.at("variance_hessian").get<std::vector<double>>();
    if (!variance.empty()) {
      if (variance.size() != fit.p_ * fit.p_) return Status::DataLoss("Newton state: bad variance matrix size");
      const auto p = static_cast<Eigen::Index>(fit.p_);
      fit.variance_hessian_ = Eigen::Map<const Eigen::MatrixXd>(variance.data(), p, p);
    }
    return fit;
  } catch (const nlohmann::json::exception& e) {
    return Status::DataLoss(std::string("unreadable Newton state: ") + e.what());
  }
}

}  // namespace radfed::model
