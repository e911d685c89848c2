#include "node/radiomics/texture/glcm.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <string_view>
#include <utility>

#include "node/radiomics/texture/aggregation.h"
#include "node/radiomics/texture/directions.h"
#include "node/radiomics/texture/level_index.h"
#include "node/radiomics/texture/padded_grey.h"

namespace radfed::radiomics {
namespace {

constexpr std::string_view kFamily = "Grey level co-occurrence based features";

// Co-occurrence counts over compact level indices (see level_index.h), symmetric.
struct CountMatrix {
  explicit CountMatrix(int32_t levels)
      : n(levels), counts(static_cast<size_t>(levels) * static_cast<size_t>(levels), 0.0) {}
  void Add(const CountMatrix& other) {
    for (size_t c = 0; c < counts.size(); ++c) counts[c] += other.counts[c];
  }
  int32_t n;
  std::vector<double> counts;  // counts[a * n + b]
};

// The normalised matrix in the form the features need: its non-zero cells and its marginal,
// diagonal and cross-diagonal probabilities, all indexed by grey level (IBSI 1, section 3.6).
struct Glcm {
  struct Cell {
    double i, j, p;
  };
  std::vector<Cell> cells;
  std::vector<double> marginal;  // p_i, i = 1..Ng (index 0 unused)
  std::vector<double> diff;      // p_{x-y}(k), k = 0..Ng-1
  std::vector<double> sum;       // p_{x+y}(k), k = 2..2Ng (0 and 1 unused)
  double ng = 0;                 // Ng, the number of discretised levels
  double mean = 0;               // mu = sum_ij i p_ij
};

Glcm Normalise(const CountMatrix& m, const LevelIndex& levels, int32_t num_levels) {
  Glcm g;
  g.ng = num_levels;
  g.marginal.assign(static_cast<size_t>(num_levels) + 1, 0.0);
  g.diff.assign(static_cast<size_t>(num_levels), 0.0);
  g.sum.assign(2 * static_cast<size_t>(num_levels) + 1, 0.0);
  double total = 0;
  for (double c : m.counts) total += c;
  if (total == 0) return g;
  for (int32_t a = 0; a < m.n; ++a) {
    for (int32_t b = 0; b < m.n; ++b) {
      const double c = m.counts[static_cast<size_t>(a) * m.n + b];
      if (c == 0) continue;
      const Glcm::Cell cell{levels.Level(a), levels.Level(b), c / total};
      g.cells.push_back(cell);
      g.marginal[static_cast<size_t>(cell.i)] += cell.p;
      g.diff[static_cast<size_t>(std::abs(cell.i - cell.j))] += cell.p;
      g.sum[static_cast<size_t>(cell.i + cell.j)] += cell.p;
      g.mean += cell.i * cell.p;
    }
  }
  return g;
}

double Entropy(std::span<const double> p) {
  double h = 0;
  for (double x : p) {
    if (x > 0) h -= x * std::log2(x);
  }
  return h;
}

// Sum over the cells of f(i, j) * p_ij.
template <typename F>
double Expect(const Glcm& g, F f) {
  double s = 0;
  for (const auto& c : g.cells) s += f(c.i, c.j) * c.p;
  return s;
}

// Mean of k under a distribution indexed by k.
double IndexMean(std::span<const double> p) {
  double m = 0;
  for (size_t k = 0; k < p.size(); ++k) m += static_cast<double>(k) * p[k];
  return m;
}

double IndexVariance(std::span<const double> p) {
  const double m = IndexMean(p);
  double v = 0;
  for (size_t k = 0; k < p.size(); ++k)
    v += (static_cast<double>(k) - m) * (static_cast<double>(k) - m) * p[k];
  return v;
}

// IBSI 1: GYBY, joint maximum.
double JointMaximum(const Glcm& g) {
  double m = 0;
  for (const auto& c : g.cells) m = std::max(m, c.p);
  return m;
}

// IBSI 1: 60VM, joint average.
double JointAverage(const Glcm& g) { return g.mean; }

// IBSI 1: UR99, joint variance.
double JointVariance(const Glcm& g) {
  return Expect(g, [&](double i, double) { return (i - g.mean) * (i - g.mean); });
}

// IBSI 1: TU9B, joint entropy.
double JointEntropy(const Glcm& g) {
  double h = 0;
  for (const auto& c : g.cells) h -= c.p * std::log2(c.p);
  return h;
}

// IBSI 1: TF7R, difference average.
double DifferenceAverage(const Glcm& g) { return IndexMean(g.diff); }

// IBSI 1: D3YU, difference variance.
double DifferenceVariance(const Glcm& g) { return IndexVariance(g.diff); }

// IBSI 1: NTRS, difference entropy.
double DifferenceEntropy(const Glcm& g) { return Entropy(g.diff); }

// IBSI 1: ZGXS, sum average.
double SumAverage(const Glcm& g) { return IndexMean(g.sum); }

// IBSI 1: OEEB, sum variance.
double SumVariance(const Glcm& g) { return IndexVariance(g.sum); }

// IBSI 1: P6QZ, sum entropy.
double SumEntropy(const Glcm& g) { return Entropy(g.sum); }

// IBSI 1: 8ZQL, angular second moment.
double AngularSecondMoment(const Glcm& g) {
  double s = 0;
  for (const auto& c : g.cells) s += c.p * c.p;
  return s;
}

// IBSI 1: ACUI, contrast.
double Contrast(const Glcm& g) {
  return Expect(g, [](double i, double j) { return (i - j) * (i - j); });
}

// IBSI 1: 8S9J, dissimilarity.
double Dissimilarity(const Glcm& g) {
  return Expect(g, [](double i, double j) { return std::abs(i - j); });
}

// IBSI 1: IB1Z, inverse difference.
double InverseDifference(const Glcm& g) {
  return Expect(g, [](double i, double j) { return 1.0 / (1.0 + std::abs(i - j)); });
}

// IBSI 1: NDRX, normalised inverse difference.
double NormalisedInverseDifference(const Glcm& g) {
  return Expect(g, [&](double i, double j) { return 1.0 / (1.0 + std::abs(i - j) / g.ng); });
}

// IBSI 1: WF0Z, inverse difference moment.
double InverseDifferenceMoment(const Glcm& g) {
  return Expect(g, [](double i, double j) { return 1.0 / (1.0 + (i - j) * (i - j)); });
}

// IBSI 1: 1QCO, normalised inverse difference moment.
double NormalisedInverseDifferenceMoment(const Glcm& g) {
  return Expect(
      g, [&](double i, double j) { return 1.0 / (1.0 + (i - j) * (i - j) / (g.ng * g.ng)); });
}

// IBSI 1: E8JP, inverse variance (over i != j, i.e. k >= 1 of the diagonal distribution).
double InverseVariance(const Glcm& g) {
  double s = 0;
  for (size_t k = 1; k < g.diff.size(); ++k) s += g.diff[k] / static_cast<double>(k * k);
  return s;
}

// Variance of the marginal distribution, which is the same for rows and columns by symmetry.
double MarginalVariance(const Glcm& g) {
  double v = 0;
  for (size_t i = 1; i < g.marginal.size(); ++i) {
    const double d = static_cast<double>(i) - g.mean;
    v += d * d * g.marginal[i];
  }
  return v;
}

// IBSI 1: NI2N, correlation. Undefined when one level fills the matrix (zero variance).
double Correlation(const Glcm& g) {
  const double var = MarginalVariance(g);
  if (var == 0) return NAN;
  return Expect(g, [&](double i, double j) { return (i - g.mean) * (j - g.mean); }) / var;
}

// IBSI 1: QWB0, autocorrelation.
double Autocorrelation(const Glcm& g) {
  return Expect(g, [](double i, double j) { return i * j; });
}

// IBSI 1: DG8W, cluster tendency.
double ClusterTendency(const Glcm& g) {
  return Expect(g, [&](double i, double j) {
    const double d = i + j - 2 * g.mean;
    return d * d;
  });
}

// IBSI 1: 7NFM, cluster shade.
double ClusterShade(const Glcm& g) {
  return Expect(g, [&](double i, double j) {
    const double d = i + j - 2 * g.mean;
    return d * d * d;
  });
}

// IBSI 1: AE86, cluster prominence.
double ClusterProminence(const Glcm& g) {
  return Expect(g, [&](double i, double j) {
    const double d = i + j - 2 * g.mean;
    return d * d * d * d;
  });
}

// For a symmetric matrix HX = HY, and both HXY1 = -sum p_ij log2(p_i p_j) and
// HXY2 = -sum p_i p_j log2(p_i p_j) reduce to HX + HY = 2 HX.

// IBSI 1: R8DG, information correlation 1. Undefined when HX = 0 (a single level).
double InformationCorrelation1(const Glcm& g) {
  const double hx = Entropy(g.marginal);
  if (hx == 0) return NAN;
  return (JointEntropy(g) - 2 * hx) / hx;
}

// IBSI 1: JN9H, information correlation 2.
double InformationCorrelation2(const Glcm& g) {
  const double hxy2 = 2 * Entropy(g.marginal);
  return std::sqrt(std::max(0.0, 1 - std::exp(-2 * (hxy2 - JointEntropy(g)))));
}

struct Feature {
  std::string_view name;
  std::string_view id;
  double (*compute)(const Glcm&);
};

constexpr Feature kFeatures[] = {
    {"Joint maximum", "GYBY", JointMaximum},
    {"Joint average", "60VM", JointAverage},
    {"Joint variance", "UR99", JointVariance},
    {"Joint entropy", "TU9B", JointEntropy},
    {"Difference average", "TF7R", DifferenceAverage},
    {"Difference variance", "D3YU", DifferenceVariance},
    {"Difference entropy", "NTRS", DifferenceEntropy},
    {"Sum average", "ZGXS", SumAverage},
    {"Sum variance", "OEEB", SumVariance},
    {"Sum entropy", "P6QZ", SumEntropy},
    {"Angular second moment", "8ZQL", AngularSecondMoment},
    {"Contrast", "ACUI", Contrast},
    {"Dissimilarity", "8S9J", Dissimilarity},
    {"Inverse difference", "IB1Z", InverseDifference},
    {"Normalised inverse difference", "NDRX", NormalisedInverseDifference},
    {"Inverse difference moment", "WF0Z", InverseDifferenceMoment},
    {"Normalised inverse difference moment", "1QCO", NormalisedInverseDifferenceMoment},
    {"Inverse variance", "E8JP", InverseVariance},
    {"Correlation", "NI2N", Correlation},
    {"Autocorrelation", "QWB0", Autocorrelation},
    {"Cluster tendency", "DG8W", ClusterTendency},
    {"Cluster shade", "7NFM", ClusterShade},
    {"Cluster prominence", "AE86", ClusterProminence},
    {"Information correlation 1", "R8DG", InformationCorrelation1},
    {"Information correlation 2", "JN9H", InformationCorrelation2},
};

constexpr size_t kFeatureCount = std::size(kFeatures);

// All features of one matrix, in kFeatures order; NaN for a matrix without pairs.
std::vector<double> Features(const CountMatrix& m, const LevelIndex& levels, int32_t num_levels) {
  const Glcm g = Normalise(m, levels, num_levels);
  std::vector<double> values(kFeatureCount, NAN);
  if (g.cells.empty()) return values;
  for (size_t f = 0; f < kFeatureCount; ++f) values[f] = kFeatures[f].compute(g);
  return values;
}

// One matrix per direction over slices k0..k1-1, built in a single pass over those voxels.
// Neighbours outside the intensity mask (or the box) are not paired. `grey` is framed for
// `distance` (PaddedGrey(input, distance)); directions that leave the slab (dk != 0) must only be
// used with the whole volume as slab.
std::vector<CountMatrix> BuildMatrices(const TextureInput& input, const PaddedGrey& grey,
                                       const LevelIndex& levels,
                                       std::span<const Direction> directions, int distance,
                                       int64_t k0, int64_t k1) {
  std::vector<CountMatrix> matrices(directions.size(), CountMatrix(levels.count()));
  // (matrix, position change) of each direction with pairs; a direction whose neighbours lie
  // beyond the box (a distance above its extent) has none and keeps an empty matrix.
  std::vector<std::pair<size_t, int64_t>> steps;
  for (size_t d = 0; d < directions.size(); ++d) {
    if (grey.Frames(directions[d], distance))
      steps.emplace_back(d, distance * grey.Step(directions[d]));
  }
  const auto n = static_cast<size_t>(levels.count());
  for (int64_t k = k0; k < k1; ++k) {
    for (int64_t j = 0; j < input.size[1]; ++j) {
      for (int64_t i = 0; i < input.size[0]; ++i) {
        const int64_t v = grey.Offset(i, j, k);
        const int32_t g = grey[v];
        if (g == 0) continue;
        const auto a = static_cast<size_t>(levels.IndexOf(g));
        for (const auto& [d, step] : steps) {
          const int32_t h = grey[v + step];
          if (h == 0) continue;
          const auto b = static_cast<size_t>(levels.IndexOf(h));
          auto& counts = matrices[d].counts;
          counts[a * n + b] += 1;
          counts[b * n + a] += 1;
        }
      }
    }
  }
  return matrices;
}

CountMatrix MergeAll(const std::vector<CountMatrix>& matrices, int32_t n) {
  CountMatrix merged(n);
  for (const auto& m : matrices) merged.Add(m);
  return merged;
}

void Write(FeatureList& out, std::string_view aggregation, const std::vector<double>& values) {
  FamilyWriter writer(out, std::string(kFamily), std::string(aggregation));
  for (size_t f = 0; f < kFeatureCount; ++f)
    writer.Add(kFeatures[f].name, kFeatures[f].id, values[f]);
}

}  // namespace

void ComputeGlcmFeatures(const TextureInput& input, const ExtractionParams& params,
                         FeatureList& out) {
  const LevelIndex levels(input);
  const PaddedGrey grey(input, params.glcm_distance);
  const int32_t n = levels.count();
  const int32_t ng = input.num_levels;
  const auto& dims = params.texture_dimensions;
  const bool want2d = dims.count(TextureDimension::k2D) > 0;
  const bool want25d = dims.count(TextureDimension::k2_5D) > 0;

  if (want2d || want25d) {
    std::vector<std::vector<double>> per_slice_direction, per_slice;
    std::vector<CountMatrix> per_direction(kDirections2D.size(), CountMatrix(n));
    for (int64_t k = 0; k < input.size[2]; ++k) {
      const auto matrices =
          BuildMatrices(input, grey, levels, kDirections2D, params.glcm_distance, k, k + 1);
      const CountMatrix slice = MergeAll(matrices, n);
      if (want2d) {
        for (const auto& m : matrices) per_slice_direction.push_back(Features(m, levels, ng));
        per_slice.push_back(Features(slice, levels, ng));
      }
      for (size_t d = 0; d < matrices.size(); ++d) per_direction[d].Add(matrices[d]);
    }
    if (want2d) {
      Write(out, kAggregation2DAveraged, FeatureMean(per_slice_direction));
      Write(out, kAggregation2DSliceMerged, FeatureMean(per_slice));
    }
    if (want25d) {
      std::vector<std::vector<double>> directional;
      for (const auto& m : per_direction) directional.push_back(Features(m, levels, ng));
      Write(out, kAggregation2_5DDirectionMerged, FeatureMean(directional));
      Write(out, kAggregation2_5DMerged, Features(MergeAll(per_direction, n), levels, ng));
    }
  }

  if (dims.count(TextureDimension::k3D) > 0) {
    const auto matrices =
        BuildMatrices(input, grey, levels, kDirections3D, params.glcm_distance, 0, input.size[2]);
    std::vector<std::vector<double>> directional;
    for (const auto& m : matrices) directional.push_back(Features(m, levels, ng));
    Write(out, kAggregation3DAveraged, FeatureMean(directional));
    Write(out, kAggregation3DMerged, Features(MergeAll(matrices, n), levels, ng));
  }
}

}  // namespace radfed::radiomics
