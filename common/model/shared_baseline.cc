#include "common/model/shared_baseline.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace radfed::model {
namespace {

// The global stratum of a local stratum id, or -1 if its value is not declared.
std::vector<int> GlobalStrata(const LocalData& data, const StrataLevels& levels, size_t* unknown) {
  std::vector<int> global(data.stratum_keys.size() + (data.stratum_keys.empty() ? 1 : 0), 0);
  *unknown = 0;
  if (levels.values.empty()) return global;
  for (size_t id = 0; id < data.stratum_keys.size(); ++id) {
    const double v = data.stratum_keys[id].empty() ? NAN : data.stratum_keys[id][0];
    auto it = std::find(levels.values.begin(), levels.values.end(), v);
    global[id] = it == levels.values.end() ? -1 : static_cast<int>(it - levels.values.begin());
  }
  for (size_t r = 0; r < data.stratum.size(); ++r)
    if (global[static_cast<size_t>(data.stratum[r])] < 0) ++*unknown;
  return global;
}

size_t Upper(size_t p) { return p * (p + 1) / 2; }
size_t EntrySize(size_t p) { return 1 + p + Upper(p) + 1 + p + Upper(p) + 1 + p; }

void AddUpper(double* out, const Eigen::VectorXd& x, double w) {
  const auto p = x.size();
  size_t k = 0;
  for (Eigen::Index i = 0; i < p; ++i)
    for (Eigen::Index j = i; j < p; ++j) out[k++] += w * x[i] * x[j];
}

Eigen::MatrixXd FromUpper(const double* in, size_t p) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(p));
  size_t k = 0;
  for (size_t i = 0; i < p; ++i)
    for (size_t j = i; j < p; ++j) {
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = in[k];
      m(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)) = in[k];
      ++k;
    }
  return m;
}

}  // namespace

size_t EventGrid::size() const {
  size_t n = 0;
  for (const auto& t : times) n += t.size();
  return n;
}

Result<std::vector<double>> EventTimeHistogram(const LocalData& data, const StrataLevels& levels, int time_max) {
  size_t unknown = 0;
  const std::vector<int> global = GlobalStrata(data, levels, &unknown);
  if (unknown > 0) {
    return Status::InvalidArgument(std::to_string(unknown) +
                                   " rows have a stratum value that is not one of the study's strata_levels");
  }
  std::vector<double> histogram(levels.count() * static_cast<size_t>(time_max + 1), 0.0);
  size_t non_integer = 0, too_late = 0;
  for (Eigen::Index r = 0; r < data.time.size(); ++r) {
    const double t = data.time[r];
    if (t != std::floor(t)) ++non_integer;
    else if (t > time_max) ++too_late;
    else if (data.outcome[r] != 0) {
      const int s = global[static_cast<size_t>(data.stratum[static_cast<size_t>(r)])];
      histogram[static_cast<size_t>(s) * static_cast<size_t>(time_max + 1) + static_cast<size_t>(t)] += 1;
    }
  }
  if (non_integer > 0) {
    return Status::InvalidArgument("a shared baseline needs whole-number times (e.g. days): " +
                                   std::to_string(non_integer) + " times are fractional");
  }
  if (too_late > 0) {
    return Status::InvalidArgument(std::to_string(too_late) + " times exceed the study's time_max of " +
                                   std::to_string(time_max));
  }
  return histogram;
}

Result<EventGrid> GridFromHistogram(const std::vector<double>& histogram, size_t strata, int time_max) {
  if (histogram.size() != strata * static_cast<size_t>(time_max + 1)) {
    return Status::InvalidArgument("event-time histogram of the wrong length");
  }
  EventGrid grid;
  grid.times.resize(strata);
  for (size_t s = 0; s < strata; ++s)
    for (int t = 0; t <= time_max; ++t)
      if (histogram[s * static_cast<size_t>(time_max + 1) + static_cast<size_t>(t)] > 0.5) grid.times[s].push_back(t);
  return grid;
}

size_t RiskSetSumsSize(const EventGrid& grid, size_t p) { return grid.size() * EntrySize(p) + 2; }

Result<std::vector<double>> RiskSetSums(const LocalData& data, const StrataLevels& levels, const EventGrid& grid,
                                        const Eigen::VectorXd& beta, const std::vector<double>& center) {
  const size_t p = static_cast<size_t>(beta.size());
  if (static_cast<size_t>(data.x.cols()) != p || center.size() != p) {
    return Status::InvalidArgument("coefficients, centre and terms disagree in length");
  }
  size_t unknown = 0;
  const std::vector<int> global = GlobalStrata(data, levels, &unknown);
  if (unknown > 0) return Status::InvalidArgument("rows with undeclared stratum values");
  std::vector<double> out(RiskSetSumsSize(grid, p), 0.0);
  const Eigen::Map<const Eigen::VectorXd> c(center.data(), static_cast<Eigen::Index>(p));
  const size_t entry = EntrySize(p), u = Upper(p);
  size_t base = 0;  // offset of the stratum's first grid entry
  for (size_t s = 0; s < grid.times.size(); ++s) {
    // This site's rows of stratum s, by decreasing time.
    std::vector<Eigen::Index> rows;
    for (Eigen::Index r = 0; r < data.x.rows(); ++r)
      if (global[static_cast<size_t>(data.stratum[static_cast<size_t>(r)])] == static_cast<int>(s)) rows.push_back(r);
    std::sort(rows.begin(), rows.end(), [&](Eigen::Index a, Eigen::Index b) { return data.time[a] > data.time[b]; });
    const std::vector<int>& times = grid.times[s];
    // Walk the grid from the latest time down, adding rows as they enter the risk set.
    double s0 = 0;
    Eigen::VectorXd s1 = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(p));
    std::vector<double> s2(u, 0.0);
    size_t next = 0;
    for (size_t g = times.size(); g-- > 0;) {
      const double t = times[g];
      double* e = &out[(base + g) * entry];
      double* d_block = e + 1 + p + u;
      for (; next < rows.size() && data.time[rows[next]] >= t; ++next) {
        const Eigen::Index r = rows[next];
        const Eigen::VectorXd x = data.x.row(r).transpose();
        const double w = std::exp((x - c).dot(beta));
        if (!std::isfinite(w)) return Status::OutOfRange("exp of the linear predictor overflows at this site");
        s0 += w;
        s1 += w * x;
        AddUpper(s2.data(), x, w);
        if (data.time[r] == t && data.outcome[r] != 0) {
          d_block[0] += w;
          for (size_t j = 0; j < p; ++j) d_block[1 + j] += w * x[static_cast<Eigen::Index>(j)];
          AddUpper(d_block + 1 + p, x, w);
          d_block[1 + p + u] += 1;
          for (size_t j = 0; j < p; ++j) d_block[2 + p + u + j] += x[static_cast<Eigen::Index>(j)];
        }
      }
      e[0] = s0;
      for (size_t j = 0; j < p; ++j) e[1 + j] = s1[static_cast<Eigen::Index>(j)];
      std::copy(s2.begin(), s2.end(), e + 1 + p);
    }
    base += times.size();
  }
  out[out.size() - 2] = static_cast<double>(data.x.rows());
  out[out.size() - 1] = static_cast<double>(data.events());
  return out;
}

Result<Contribution> SharedBaselineContribution(const std::vector<double>& sums, const EventGrid& grid, size_t p,
                                                const Eigen::VectorXd& beta, const std::vector<double>& center,
                                                Ties ties) {
  if (sums.size() != RiskSetSumsSize(grid, p)) {
    return Status::InvalidArgument("risk-set sums of the wrong length");
  }
  const size_t entry = EntrySize(p), u = Upper(p);
  const Eigen::Map<const Eigen::VectorXd> c(center.data(), static_cast<Eigen::Index>(p));
  Contribution out = Contribution::Zero(p);
  for (size_t g = 0; g < grid.size(); ++g) {
    const double* e = &sums[g * entry];
    const double* d_block = e + 1 + p + u;
    const double deaths = d_block[1 + p + u];
    if (deaths < 0.5) continue;
    const double s0 = e[0];
    const Eigen::Map<const Eigen::VectorXd> s1(e + 1, static_cast<Eigen::Index>(p));
    const Eigen::MatrixXd s2 = FromUpper(e + 1 + p, p);
    const double d0 = d_block[0];
    const Eigen::Map<const Eigen::VectorXd> d1(d_block + 1, static_cast<Eigen::Index>(p));
    const Eigen::MatrixXd d2 = FromUpper(d_block + 1 + p, p);
    const Eigen::Map<const Eigen::VectorXd> a(d_block + 2 + p + u, static_cast<Eigen::Index>(p));
    // Σ over the deaths of the (centred) linear predictor; the centring cancels against log S0.
    out.loglik += (a - deaths * c).dot(beta);
    out.gradient += a;
    const int terms = ties == Ties::kEfron ? static_cast<int>(std::lround(deaths)) : 1;
    for (int l = 0; l < terms; ++l) {
      const double f = ties == Ties::kEfron ? l / deaths : 0.0;
      const double weight = ties == Ties::kEfron ? 1.0 : deaths;
      const double a0 = s0 - f * d0;
      const Eigen::VectorXd mean = (s1 - f * d1) / a0;
      out.loglik -= weight * std::log(a0);
      out.gradient -= weight * mean;
      out.hessian -= weight * ((s2 - f * d2) / a0 - mean * mean.transpose());
    }
  }
  out.hessian = out.hessian.triangularView<Eigen::Upper>().toDenseMatrix().selfadjointView<Eigen::Upper>();
  out.n = sums[sums.size() - 2];
  out.events = sums[sums.size() - 1];
  return out;
}

}  // namespace radfed::model
