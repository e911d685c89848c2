#include "node/radiomics/texture/glrlm.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <string_view>

#include "node/radiomics/texture/aggregation.h"
#include "node/radiomics/texture/directions.h"
#include "node/radiomics/texture/level_index.h"
#include "node/radiomics/texture/padded_grey.h"

namespace radfed::radiomics {
namespace {

constexpr std::string_view kFamily = "Grey level run length based features";

// Run counts by compact level index (see level_index.h) and run length 1..max_length.
struct RunMatrix {
  RunMatrix(int32_t levels, int64_t max_length)
      : n(levels), lengths(max_length), counts(static_cast<size_t>(levels * max_length), 0.0) {}
  void Add(const RunMatrix& other) {
    for (size_t c = 0; c < counts.size(); ++c) counts[c] += other.counts[c];
  }
  int32_t n;
  int64_t lengths;
  std::vector<double> counts;  // counts[a * lengths + (length - 1)]
};

// The matrix in the form the features need (IBSI 1, section 3.7): its non-zero cells with grey
// level i and run length j, and its marginal sums over lengths (r_i.) and over levels (r_.j).
struct Glrlm {
  struct Cell {
    double i, j, r;
  };
  std::vector<Cell> cells;
  std::vector<double> by_level;   // r_i. per compact level
  std::vector<double> by_length;  // r_.j, j = 1..max_length at index j - 1
  double runs = 0;                // N_s
  double voxels = 0;              // sum_ij j r_ij: voxels times directions merged
};

Glrlm Summarise(const RunMatrix& m, const LevelIndex& levels) {
  Glrlm g;
  g.by_level.assign(static_cast<size_t>(m.n), 0.0);
  g.by_length.assign(static_cast<size_t>(m.lengths), 0.0);
  for (int32_t a = 0; a < m.n; ++a) {
    for (int64_t l = 0; l < m.lengths; ++l) {
      const double r = m.counts[static_cast<size_t>(a * m.lengths + l)];
      if (r == 0) continue;
      const double j = static_cast<double>(l + 1);
      g.cells.push_back({levels.Level(a), j, r});
      g.by_level[static_cast<size_t>(a)] += r;
      g.by_length[static_cast<size_t>(l)] += r;
      g.runs += r;
      g.voxels += j * r;
    }
  }
  return g;
}

// Sum over the cells of f(i, j) * r_ij, divided by N_s.
template <typename F>
double Emphasis(const Glrlm& g, F f) {
  double s = 0;
  for (const auto& c : g.cells) s += f(c.i, c.j) * c.r;
  return s / g.runs;
}

double SquaredSum(std::span<const double> v) {
  double s = 0;
  for (double x : v) s += x * x;
  return s;
}

// IBSI 1: 22OV, short runs emphasis.
double ShortRunsEmphasis(const Glrlm& g) {
  return Emphasis(g, [](double, double j) { return 1 / (j * j); });
}

// IBSI 1: W4KF, long runs emphasis.
double LongRunsEmphasis(const Glrlm& g) {
  return Emphasis(g, [](double, double j) { return j * j; });
}

// IBSI 1: V3SW, low grey level run emphasis.
double LowGreyLevelRunEmphasis(const Glrlm& g) {
  return Emphasis(g, [](double i, double) { return 1 / (i * i); });
}

// IBSI 1: G3QZ, high grey level run emphasis.
double HighGreyLevelRunEmphasis(const Glrlm& g) {
  return Emphasis(g, [](double i, double) { return i * i; });
}

// IBSI 1: HTZT, short run low grey level emphasis.
double ShortRunLowGreyLevelEmphasis(const Glrlm& g) {
  return Emphasis(g, [](double i, double j) { return 1 / (i * i * j * j); });
}

// IBSI 1: GD3A, short run high grey level emphasis.
double ShortRunHighGreyLevelEmphasis(const Glrlm& g) {
  return Emphasis(g, [](double i, double j) { return i * i / (j * j); });
}

// IBSI 1: IVPO, long run low grey level emphasis.
double LongRunLowGreyLevelEmphasis(const Glrlm& g) {
  return Emphasis(g, [](double i, double j) { return j * j / (i * i); });
}

// IBSI 1: 3KUM, long run high grey level emphasis.
double LongRunHighGreyLevelEmphasis(const Glrlm& g) {
  return Emphasis(g, [](double i, double j) { return i * i * j * j; });
}

// IBSI 1: R5YN, grey level non-uniformity.
double GreyLevelNonUniformity(const Glrlm& g) { return SquaredSum(g.by_level) / g.runs; }

// IBSI 1: OVBL, normalised grey level non-uniformity.
double NormalisedGreyLevelNonUniformity(const Glrlm& g) {
  return SquaredSum(g.by_level) / (g.runs * g.runs);
}

// IBSI 1: W92Y, run length non-uniformity.
double RunLengthNonUniformity(const Glrlm& g) { return SquaredSum(g.by_length) / g.runs; }

// IBSI 1: IC23, normalised run length non-uniformity.
double NormalisedRunLengthNonUniformity(const Glrlm& g) {
  return SquaredSum(g.by_length) / (g.runs * g.runs);
}

// IBSI 1: 9ZK5, run percentage. IBSI divides by the voxel count times the number of directions
// merged into the matrix, which is exactly the number of voxels the matrix's runs cover.
double RunPercentage(const Glrlm& g) { return g.runs / g.voxels; }

// IBSI 1: 8CE5, grey level variance.
double GreyLevelVariance(const Glrlm& g) {
  const double mean = Emphasis(g, [](double i, double) { return i; });
  return Emphasis(g, [&](double i, double) { return (i - mean) * (i - mean); });
}

// IBSI 1: SXLW, run length variance.
double RunLengthVariance(const Glrlm& g) {
  const double mean = Emphasis(g, [](double, double j) { return j; });
  return Emphasis(g, [&](double, double j) { return (j - mean) * (j - mean); });
}

// IBSI 1: HJ9O, run entropy.
double RunEntropy(const Glrlm& g) {
  double h = 0;
  for (const auto& c : g.cells) {
    const double p = c.r / g.runs;
    h -= p * std::log2(p);
  }
  return h;
}

struct Feature {
  std::string_view name;
  std::string_view id;
  double (*compute)(const Glrlm&);
};

constexpr Feature kFeatures[] = {
    {"Short runs emphasis", "22OV", ShortRunsEmphasis},
    {"Long runs emphasis", "W4KF", LongRunsEmphasis},
    {"Low grey level run emphasis", "V3SW", LowGreyLevelRunEmphasis},
    {"High grey level run emphasis", "G3QZ", HighGreyLevelRunEmphasis},
    {"Short run low grey level emphasis", "HTZT", ShortRunLowGreyLevelEmphasis},
    {"Short run high grey level emphasis", "GD3A", ShortRunHighGreyLevelEmphasis},
    {"Long run low grey level emphasis", "IVPO", LongRunLowGreyLevelEmphasis},
    {"Long run high grey level emphasis", "3KUM", LongRunHighGreyLevelEmphasis},
    {"Grey level non-uniformity", "R5YN", GreyLevelNonUniformity},
    {"Normalised grey level non-uniformity", "OVBL", NormalisedGreyLevelNonUniformity},
    {"Run length non-uniformity", "W92Y", RunLengthNonUniformity},
    {"Normalised run length non-uniformity", "IC23", NormalisedRunLengthNonUniformity},
    {"Run percentage", "9ZK5", RunPercentage},
    {"Grey level variance", "8CE5", GreyLevelVariance},
    {"Run length variance", "SXLW", RunLengthVariance},
    {"Run entropy", "HJ9O", RunEntropy},
};

constexpr size_t kFeatureCount = std::size(kFeatures);

// All features of one matrix, in kFeatures order; NaN for a matrix without runs.
std::vector<double> Features(const RunMatrix& m, const LevelIndex& levels) {
  const Glrlm g = Summarise(m, levels);
  std::vector<double> values(kFeatureCount, NAN);
  if (g.runs == 0) return values;
  for (size_t f = 0; f < kFeatureCount; ++f) values[f] = kFeatures[f].compute(g);
  return values;
}

// One run matrix per direction over slices k0..k1-1, for runs of at most max_length voxels. Each
// run is counted from its first voxel (the one whose predecessor along the direction does not
// continue it) by walking to its end, so every voxel is visited once per direction. Directions
// that leave the slab (dk != 0) must only be used with the whole volume as slab.
std::vector<RunMatrix> BuildMatrices(const TextureInput& input, const PaddedGrey& grey,
                                     const LevelIndex& levels,
                                     std::span<const Direction> directions, int64_t k0, int64_t k1,
                                     int64_t max_length) {
  std::vector<RunMatrix> matrices(directions.size(), RunMatrix(levels.count(), max_length));
  std::vector<int64_t> steps;
  for (const auto& d : directions) steps.push_back(grey.Step(d));
  for (int64_t k = k0; k < k1; ++k) {
    for (int64_t j = 0; j < input.size[1]; ++j) {
      for (int64_t i = 0; i < input.size[0]; ++i) {
        const int64_t v = grey.Offset(i, j, k);
        const int32_t g = grey[v];
        if (g == 0) continue;
        const int64_t row = levels.IndexOf(g) * max_length;
        for (size_t d = 0; d < steps.size(); ++d) {
          const int64_t step = steps[d];
          if (grey[v - step] == g) continue;  // not the first voxel of its run
          int64_t length = 1;
          while (grey[v + length * step] == g) ++length;
          matrices[d].counts[static_cast<size_t>(row + length - 1)] += 1;
        }
      }
    }
  }
  return matrices;
}

RunMatrix MergeAll(const std::vector<RunMatrix>& matrices) {
  RunMatrix merged = matrices.front();
  for (size_t m = 1; m < matrices.size(); ++m) merged.Add(matrices[m]);
  return merged;
}

void Write(FeatureList& out, std::string_view aggregation, const std::vector<double>& values) {
  FamilyWriter writer(out, std::string(kFamily), std::string(aggregation));
  for (size_t f = 0; f < kFeatureCount; ++f) {
    writer.Add(kFeatures[f].name, kFeatures[f].id, values[f]);
  }
}

}  // namespace

void ComputeGlrlmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out) {
  const LevelIndex levels(input);
  const PaddedGrey grey(input, 1);  // runs end at the frame
  const auto& dims = params.texture_dimensions;
  const bool want2d = dims.count(TextureDimension::k2D) > 0;
  const bool want25d = dims.count(TextureDimension::k2_5D) > 0;

  if (want2d || want25d) {
    // In-plane runs are at most as long as the larger side of a slice.
    const int64_t max_length = std::max(input.size[0], input.size[1]);
    std::vector<std::vector<double>> per_slice_direction, per_slice;
    std::vector<RunMatrix> per_direction(kDirections2D.size(),
                                         RunMatrix(levels.count(), max_length));
    for (int64_t k = 0; k < input.size[2]; ++k) {
      const auto matrices = BuildMatrices(input, grey, levels, kDirections2D, k, k + 1, max_length);
      if (want2d) {
        for (const auto& m : matrices) per_slice_direction.push_back(Features(m, levels));
        per_slice.push_back(Features(MergeAll(matrices), levels));
      }
      for (size_t d = 0; d < matrices.size(); ++d) per_direction[d].Add(matrices[d]);
    }
    if (want2d) {
      Write(out, kAggregation2DAveraged, FeatureMean(per_slice_direction));
      Write(out, kAggregation2DSliceMerged, FeatureMean(per_slice));
    }
    if (want25d) {
      std::vector<std::vector<double>> directional;
      for (const auto& m : per_direction) directional.push_back(Features(m, levels));
      Write(out, kAggregation2_5DDirectionMerged, FeatureMean(directional));
      Write(out, kAggregation2_5DMerged, Features(MergeAll(per_direction), levels));
    }
  }

  if (dims.count(TextureDimension::k3D) > 0) {
    const int64_t max_length = std::max({input.size[0], input.size[1], input.size[2]});
    const auto matrices =
        BuildMatrices(input, grey, levels, kDirections3D, 0, input.size[2], max_length);
    std::vector<std::vector<double>> directional;
    for (const auto& m : matrices) directional.push_back(Features(m, levels));
    Write(out, kAggregation3DAveraged, FeatureMean(directional));
    Write(out, kAggregation3DMerged, Features(MergeAll(matrices), levels));
  }
}

}  // namespace radfed::radiomics
