#include "common/model/contribution.h"

#include <gtest/gtest.h>

#include <cmath>

namespace radfed::model {
namespace {

LocalData Data(std::vector<double> x, std::vector<double> time, std::vector<double> outcome,
               std::vector<int> stratum = {}) {
  LocalData d;
  const auto n = static_cast<Eigen::Index>(x.size());
  d.x = Eigen::Map<Eigen::VectorXd>(x.data(), n);
  d.time = Eigen::Map<Eigen::VectorXd>(time.data(), n);
  d.outcome = Eigen::Map<Eigen::VectorXd>(outcome.data(), n);
  d.stratum = stratum.empty() ? std::vector<int>(x.size(), 0) : stratum;
  d.rows_total = x.size();
  return d;
}

TEST(CoxContributionTest, HandComputedBreslowAndEfronWithATie) {
  // Times 1 (event, x=0), 2 (event, x=1), 2 (event, x=0), 3 (censored, x=1). At beta = 0:
  // t=1: risk {all 4}: loglik -= log 4.  t=2: two tied deaths, risk {3 rows}.
  //   Breslow: -= 2 log 3.  Efron: -= log 3 + log(3 - 1/2 * 2) = log 3 + log 2.
  const LocalData d = Data({0, 1, 0, 1}, {1, 2, 2, 3}, {1, 1, 1, 0});
  const Eigen::VectorXd beta = Eigen::VectorXd::Zero(1);
  const Contribution breslow = CoxContribution(d, beta, Ties::kBreslow);
  EXPECT_NEAR(breslow.loglik, -std::log(4.0) - 2 * std::log(3.0), 1e-14);
  // Gradient: sum over deaths of x minus risk-set means: (0 - 2/4) + (1 - 2*(2/3)) = -5/6... with
  // Breslow the tied pair uses mean 2/3 twice: 0 - 0.5 + 1 - 4/3 = -5/6.
  EXPECT_NEAR(breslow.gradient[0], -5.0 / 6.0, 1e-14);
  const Contribution efron = CoxContribution(d, beta, Ties::kEfron);
  EXPECT_NEAR(efron.loglik, -std::log(4.0) - std::log(3.0) - std::log(2.0), 1e-14);
  EXPECT_EQ(efron.events, 3);
  EXPECT_EQ(efron.n, 4);
}

// Gradient and Hessian against central finite differences of the log-likelihood.
void CheckDerivatives(const std::function<Contribution(const Eigen::VectorXd&)>& f, Eigen::VectorXd beta) {
  const Contribution at = f(beta);
  const double h = 1e-5;
  for (Eigen::Index j = 0; j < beta.size(); ++j) {
    Eigen::VectorXd up = beta, down = beta;
    up[j] += h;
    down[j] -= h;
    const Contribution cu = f(up), cd = f(down);
    EXPECT_NEAR(at.gradient[j], (cu.loglik - cd.loglik) / (2 * h), 1e-6) << "gradient " << j;
    for (Eigen::Index k = 0; k < beta.size(); ++k) {
      EXPECT_NEAR(at.hessian(j, k), (cu.gradient[k] - cd.gradient[k]) / (2 * h), 1e-5) << "hessian " << j << "," << k;
    }
  }
}

LocalData RandomData(int n, int p, unsigned seed, bool strata) {
  std::srand(seed);
  LocalData d;
  d.x = Eigen::MatrixXd::Random(n, p);
  d.time.resize(n);
  d.outcome.resize(n);
  d.stratum.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    d.time[i] = std::rand() % 15;  // many ties
    d.outcome[i] = std::rand() % 3 != 0;
    d.stratum[static_cast<size_t>(i)] = strata ? i % 3 : 0;
  }
  return d;
}

TEST(CoxContributionTest, DerivativesMatchFiniteDifferences) {
  const LocalData d = RandomData(60, 3, 7, true);
  Eigen::VectorXd beta(3);
  beta << 0.3, -0.5, 0.8;
  for (Ties ties : {Ties::kEfron, Ties::kBreslow}) {
    CheckDerivatives([&](const Eigen::VectorXd& b) { return CoxContribution(d, b, ties); }, beta);
  }
}

TEST(CoxContributionTest, HugeLinearPredictorsDoNotOverflow) {
  LocalData d = RandomData(20, 1, 3, false);
  d.x *= 1000;
  Eigen::VectorXd beta(1);
  beta << 5;  // eta up to ~5000: exp would overflow without the per-stratum shift
  const Contribution c = CoxContribution(d, beta, Ties::kEfron);
  EXPECT_TRUE(std::isfinite(c.loglik));
  EXPECT_TRUE(c.gradient.allFinite());
}

TEST(CoxContributionTest, SitesSumToThePooledStratifiedLikelihood) {
  // Stratified by site: the pooled likelihood with site strata is the sum of site likelihoods.
  const LocalData a = RandomData(30, 2, 1, false), b = RandomData(40, 2, 2, false);
  LocalData pooled;
  pooled.x.resize(70, 2);
  pooled.x << a.x, b.x;
  pooled.time.resize(70);
  pooled.time << a.time, b.time;
  pooled.outcome.resize(70);
  pooled.outcome << a.outcome, b.outcome;
  pooled.stratum.assign(30, 0);
  pooled.stratum.resize(70, 1);
  Eigen::VectorXd beta(2);
  beta << 0.2, 0.4;
  Contribution sum = CoxContribution(a, beta, Ties::kEfron);
  sum += CoxContribution(b, beta, Ties::kEfron);
  const Contribution whole = CoxContribution(pooled, beta, Ties::kEfron);
  EXPECT_NEAR(sum.loglik, whole.loglik, 1e-10);
  EXPECT_LT((sum.hessian - whole.hessian).norm(), 1e-10);
}

TEST(LogisticContributionTest, DerivativesAndKnownValueAtZero) {
  LocalData d = RandomData(50, 2, 5, false);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(3);
  const Contribution zero = LogisticContribution(d, beta);
  EXPECT_NEAR(zero.loglik, -50 * std::log(2.0), 1e-12);
  beta << -0.3, 1.2, -0.7;
  CheckDerivatives([&](const Eigen::VectorXd& b) { return LogisticContribution(d, b); }, beta);
  // Extreme predictors stay finite.
  beta << 800, 0, 0;
  EXPECT_TRUE(std::isfinite(LogisticContribution(d, beta).loglik));
}

TEST(ContributionTest, FlattenRoundTripAndLengthCheck) {
  const LocalData d = RandomData(25, 3, 9, false);
  Eigen::VectorXd beta(3);
  beta << 0.1, 0.2, 0.3;
  const Contribution c = CoxContribution(d, beta, Ties::kEfron);
  const std::vector<double> flat = Flatten(c);
  EXPECT_EQ(flat.size(), FlatSize(3));
  auto back = Unflatten(flat, 3);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->loglik, c.loglik);
  EXPECT_EQ(back->hessian, c.hessian);
  EXPECT_EQ(Unflatten(flat, 2).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::model
