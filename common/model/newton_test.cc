#include "common/model/newton.h"

#include <gtest/gtest.h>

namespace radfed::model {
namespace {

// A concave quadratic "likelihood" -1/2 (b - m)' A (b - m): Newton lands on m in one step.
Contribution Quadratic(const Eigen::VectorXd& b) {
  Eigen::MatrixXd a(2, 2);
  a << 2, 0.5, 0.5, 1;
  Eigen::VectorXd m(2);
  m << 1, -2;
  Contribution c = Contribution::Zero(2);
  c.loglik = -0.5 * (b - m).dot(a * (b - m)) - 10;
  c.gradient = -a * (b - m);
  c.hessian = -a;
  return c;
}

TEST(NewtonFitTest, ConvergesOnAQuadratic) {
  NewtonFit fit(2, {});
  int evaluations = 0;
  while (fit.state() == NewtonFit::State::kEvaluating && evaluations < 10) {
    ASSERT_TRUE(fit.Accept(Quadratic(fit.proposal())).ok());
    ++evaluations;
  }
  ASSERT_EQ(fit.state(), NewtonFit::State::kConverged);
  EXPECT_NEAR(fit.beta()[0], 1, 1e-12);
  EXPECT_NEAR(fit.beta()[1], -2, 1e-12);
  EXPECT_LE(evaluations, 3);
}

TEST(NewtonFitTest, HalvesAnOvershootingStep) {
  // log(1+b^2)-like concave-in-a-neighbourhood function where the full step overshoots:
  // f(b) = -sqrt(1 + b^2): Newton from b=3 jumps past the optimum at 0.
  auto f = [](const Eigen::VectorXd& b) {
    Contribution c = Contribution::Zero(1);
    const double s = std::sqrt(1 + b[0] * b[0]);
    c.loglik = -s;
    c.gradient[0] = -b[0] / s;
    c.hessian(0, 0) = -1 / (s * s * s);
    return c;
  };
  NewtonOptions options;
  options.max_iterations = 50;
  NewtonFit fit(1, options);
  // First evaluation at 0 is already optimal; start elsewhere by accepting a shifted problem.
  auto shifted = [&](const Eigen::VectorXd& b) {
    Eigen::VectorXd x = b;
    x[0] -= 3;
    return f(x);
  };
  int evaluations = 0;
  while (fit.state() == NewtonFit::State::kEvaluating && evaluations < 200) {
    ASSERT_TRUE(fit.Accept(shifted(fit.proposal())).ok());
    ++evaluations;
  }
  ASSERT_EQ(fit.state(), NewtonFit::State::kConverged) << fit.failure();
  EXPECT_NEAR(fit.beta()[0], 3, 1e-4);
}

TEST(NewtonFitTest, RidgePenaltyShrinksAndSparesTheIntercept) {
  NewtonOptions options;
  options.l2 = 4;
  options.unpenalised = 1;
  NewtonFit fit(2, options);
  while (fit.state() == NewtonFit::State::kEvaluating) ASSERT_TRUE(fit.Accept(Quadratic(fit.proposal())).ok());
  ASSERT_EQ(fit.state(), NewtonFit::State::kConverged);
  // Maximiser of -1/2 (b-m)'A(b-m) - 2 b1^2: solve (A + diag(0, 4)) b = A m.
  Eigen::MatrixXd a(2, 2);
  a << 2, 0.5, 0.5, 1;
  Eigen::VectorXd m(2);
  m << 1, -2;
  Eigen::MatrixXd ap = a;
  ap(1, 1) += 4;
  const Eigen::VectorXd expected = ap.ldlt().solve(a * m);
  EXPECT_NEAR(fit.beta()[0], expected[0], 1e-10);
  EXPECT_NEAR(fit.beta()[1], expected[1], 1e-10);
}

TEST(NewtonFitTest, SingularInformationFailsWithAReason) {
  NewtonFit fit(2, {});
  Contribution flat = Contribution::Zero(2);
  flat.hessian(0, 0) = -1;  // second coefficient has no information (constant term)
  ASSERT_TRUE(fit.Accept(flat).ok());
  EXPECT_EQ(fit.state(), NewtonFit::State::kFailed);
  EXPECT_NE(fit.failure().find("not positive definite"), std::string::npos);
}

TEST(NewtonFitTest, SaveRestoreMidFitGivesTheSameResult) {
  NewtonFit reference(2, {});
  while (reference.state() == NewtonFit::State::kEvaluating) ASSERT_TRUE(reference.Accept(Quadratic(reference.proposal())).ok());
  NewtonFit fit(2, {});
  ASSERT_TRUE(fit.Accept(Quadratic(fit.proposal())).ok());
  auto restored = NewtonFit::Restore(nlohmann::json::parse(fit.Save().dump()));
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  while (restored->state() == NewtonFit::State::kEvaluating) ASSERT_TRUE(restored->Accept(Quadratic(restored->proposal())).ok());
  EXPECT_EQ(restored->beta(), reference.beta());
  EXPECT_EQ(restored->iterations(), reference.iterations());
}

}  // namespace
}  // namespace radfed::model
