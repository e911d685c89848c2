#include "common/model/contribution.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace radfed::model {

Contribution Contribution::Zero(size_t p) {
  Contribution c;
  c.gradient = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(p));
  c.hessian = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(p));
  return c;
}

Contribution& Contribution::operator+=(const Contribution& other) {
  loglik += other.loglik;
  gradient += other.gradient;
  hessian += other.hessian;
  n += other.n;
  events += other.events;
  return *this;
}

size_t FlatSize(size_t p) { return 1 + p + p * (p + 1) / 2 + 2; }

std::vector<double> Flatten(const Contribution& c) {
  const size_t p = static_cast<size_t>(c.gradient.size());
  std::vector<double> out;
  out.reserve(FlatSize(p));
  out.push_back(c.loglik);
  for (size_t i = 0; i < p; ++i) out.push_back(c.gradient[static_cast<Eigen::Index>(i)]);
  for (size_t i = 0; i < p; ++i)
    for (size_t j = i; j < p; ++j) out.push_back(c.hessian(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
  out.push_back(c.n);
  out.push_back(c.events);
  return out;
}

Result<Contribution> Unflatten(const std::vector<double>& flat, size_t p) {
  if (flat.size() != FlatSize(p)) {
    return Status::InvalidArgument("model contribution has " + std::to_string(flat.size()) +
                                   " values, expected " + std::to_string(FlatSize(p)));
  }
  Contribution c = Contribution::Zero(p);
  size_t k = 0;
  c.loglik = flat[k++];
  for (size_t i = 0; i < p; ++i) c.gradient[static_cast<Eigen::Index>(i)] = flat[k++];
  for (size_t i = 0; i < p; ++i)
    for (size_t j = i; j < p; ++j) {
      const double v = flat[k++];
      c.hessian(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v;
      c.hessian(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)) = v;
    }
  c.n = flat[k++];
  c.events = flat[k++];
  return c;
}

Contribution CoxContribution(const LocalData& data, const Eigen::VectorXd& beta, Ties ties) {
  const Eigen::Index p = beta.size();
  const Eigen::Index n = data.x.rows();
  Contribution c = Contribution::Zero(static_cast<size_t>(p));
  c.n = static_cast<double>(n);
  c.events = static_cast<double>(data.events());
  if (n == 0) return c;
  const Eigen::VectorXd eta = data.x * beta;

  // Rows by stratum, then by decreasing time: the risk set at time t is everything seen so far
  // once all rows with time t are added.
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    const int sa = data.stratum[static_cast<size_t>(a)], sb = data.stratum[static_cast<size_t>(b)];
    if (sa != sb) return sa < sb;
    if (data.time[a] != data.time[b]) return data.time[a] > data.time[b];
    return a < b;
  });

  // Risk-set sums are kept relative to exp(shift), the largest linear predictor seen so far in
  // the stratum, and rescaled when it grows (log-sum-exp), so no exponential overflows or
  // underflows to zero however spread out the predictors are.
  Eigen::VectorXd s1(p), d1(p), sum_x(p);
  Eigen::MatrixXd s2(p, p), d2(p, p);
  size_t i = 0;
  while (i < order.size()) {
    const int stratum = data.stratum[static_cast<size_t>(order[i])];
    size_t end = i;
    while (end < order.size() && data.stratum[static_cast<size_t>(order[end])] == stratum) ++end;
    double shift = -INFINITY, s0 = 0, d0 = 0;
    s1.setZero();
    s2.setZero();
    size_t k = i;
    while (k < end) {
      const double t = data.time[order[k]];
      double deaths = 0, eta_deaths = 0;
      d0 = 0;
      d1.setZero();
      d2.setZero();
      sum_x.setZero();
      for (; k < end && data.time[order[k]] == t; ++k) {
        const Eigen::Index r = order[k];
        if (eta[r] > shift) {
          const double factor = std::isinf(shift) ? 0.0 : std::exp(shift - eta[r]);
          s0 *= factor;
          s1 *= factor;
          s2 *= factor;
          d0 *= factor;
          d1 *= factor;
          d2 *= factor;
          shift = eta[r];
        }
        const double w = std::exp(eta[r] - shift);
        const auto xr = data.x.row(r).transpose();
        const Eigen::MatrixXd wxx = w * xr * xr.transpose();
        s0 += w;
        s1 += w * xr;
        s2 += wxx;
        if (data.outcome[r] != 0) {
          d0 += w;
          d1 += w * xr;
          d2 += wxx;
          deaths += 1;
          eta_deaths += eta[r];
          sum_x += xr;
        }
      }
      if (deaths == 0) continue;
      c.loglik += eta_deaths;
      c.gradient += sum_x;
      const int terms = ties == Ties::kEfron ? static_cast<int>(deaths) : 1;
      for (int l = 0; l < terms; ++l) {
        // Efron: remove the fraction l/d of the tied deaths from the risk set; Breslow: all d
        // deaths share the full risk set.
        const double f = ties == Ties::kEfron ? l / deaths : 0.0;
        const double weight = ties == Ties::kEfron ? 1.0 : deaths;
        const double a0 = s0 - f * d0;
        const Eigen::VectorXd mean = (s1 - f * d1) / a0;
        c.loglik -= weight * (std::log(a0) + shift);
        c.gradient -= weight * mean;
        c.hessian -= weight * ((s2 - f * d2) / a0 - mean * mean.transpose());
      }
    }
    i = end;
  }
  // Rounding can leave the two triangles a few ulps apart; the flat form keeps the upper one.
  c.hessian = c.hessian.triangularView<Eigen::Upper>().toDenseMatrix().selfadjointView<Eigen::Upper>();
  return c;
}

Contribution LogisticContribution(const LocalData& data, const Eigen::VectorXd& beta) {
  const Eigen::Index p = beta.size();
  const Eigen::Index n = data.x.rows();
  Contribution c = Contribution::Zero(static_cast<size_t>(p));
  c.n = static_cast<double>(n);
  c.events = static_cast<double>(data.events());
  Eigen::VectorXd xr(p);
  for (Eigen::Index r = 0; r < n; ++r) {
    xr[0] = 1.0;
    xr.tail(p - 1) = data.x.row(r).transpose();
    const double eta = xr.dot(beta);
    // log(1 + e^eta) without overflow.
    const double log1pexp = eta > 0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta));
    const double prob = 1.0 / (1.0 + std::exp(-eta));
    const double y = data.outcome[r];
    c.loglik += y * eta - log1pexp;
    c.gradient += (y - prob) * xr;
    c.hessian.noalias() -= prob * (1 - prob) * xr * xr.transpose();
  }
  c.hessian = c.hessian.triangularView<Eigen::Upper>().toDenseMatrix().selfadjointView<Eigen::Upper>();
  return c;
}

Contribution LogisticStartContribution(const LocalData& data) {
  const Eigen::Index p = data.x.cols() + 1;
  const Eigen::Index n = data.x.rows();
  Contribution c = Contribution::Zero(static_cast<size_t>(p));
  c.n = static_cast<double>(n);
  c.events = static_cast<double>(data.events());
  Eigen::VectorXd xr(p);
  for (Eigen::Index r = 0; r < n; ++r) {
    xr[0] = 1.0;
    xr.tail(p - 1) = data.x.row(r).transpose();
    const double y = data.outcome[r];
    const double mu = (y + 0.5) / 2;
    const double w = mu * (1 - mu);
    const double eta = std::log(mu / (1 - mu));
    const double z = eta + (y - mu) / w;
    c.loglik += y * std::log(mu) + (1 - y) * std::log(1 - mu);
    c.gradient += w * z * xr;
    c.hessian.noalias() -= w * xr * xr.transpose();
  }
  c.hessian = c.hessian.triangularView<Eigen::Upper>().toDenseMatrix().selfadjointView<Eigen::Upper>();
  return c;
}

Contribution ModelContribution(const ModelSpec& spec, const LocalData& data, const Eigen::VectorXd& beta,
                               bool at_start) {
  if (spec.type == ModelType::kCox) return CoxContribution(data, beta, spec.ties);
  return at_start ? LogisticStartContribution(data) : LogisticContribution(data, beta);
}

}  // namespace radfed::model
