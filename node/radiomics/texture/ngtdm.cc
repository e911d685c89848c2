#include "node/radiomics/texture/ngtdm.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "node/radiomics/texture/aggregation.h"
#include "node/radiomics/texture/level_index.h"

namespace radfed::radiomics {
namespace {

constexpr std::string_view kFamily = "Neighbourhood grey tone difference based features";

// n_i and s_i per compact level index (see level_index.h).
struct ToneMatrix {
  explicit ToneMatrix(int32_t levels) : count(levels, 0.0), difference(levels, 0.0) {}
  void Add(const ToneMatrix& other) {
    for (size_t a = 0; a < count.size(); ++a) {
      count[a] += other.count[a];
      difference[a] += other.difference[a];
    }
  }
  std::vector<double> count;       // n_i: voxels of level i with at least one valid neighbour
  std::vector<double> difference;  // s_i: sum of |i - neighbourhood mean| over those voxels
};

// The levels that occur in the matrix (p_i > 0), with grey level i, p_i and s_i
// (IBSI 1, section 3.10), and N_v,c.
struct Ngtdm {
  struct Level {
    double i, p, s;
  };
  std::vector<Level> levels;
  double voxels = 0;  // N_v,c
};

Ngtdm Summarise(const ToneMatrix& m, const LevelIndex& index) {
  Ngtdm g;
  for (double n : m.count) g.voxels += n;
  for (size_t a = 0; a < m.count.size(); ++a) {
    if (m.count[a] == 0) continue;
    g.levels.push_back(
        {index.Level(static_cast<int32_t>(a)), m.count[a] / g.voxels, m.difference[a]});
  }
  return g;
}

double WeightedDifference(const Ngtdm& g) {
  double s = 0;
  for (const auto& l : g.levels) s += l.p * l.s;
  return s;
}

double TotalDifference(const Ngtdm& g) {
  double s = 0;
  for (const auto& l : g.levels) s += l.s;
  return s;
}

// IBSI 1: QCDE, coarseness.
double Coarseness(const Ngtdm& g) {
  const double d = WeightedDifference(g);
  return d > 0 ? 1 / d : NAN;
}

// IBSI 1: 65HE, contrast.
double Contrast(const Ngtdm& g) {
  const double ngp = static_cast<double>(g.levels.size());
  if (ngp < 2) return NAN;
  double spread = 0;
  for (const auto& a : g.levels) {
    for (const auto& b : g.levels) spread += a.p * b.p * (a.i - b.i) * (a.i - b.i);
  }
  return spread / (ngp * (ngp - 1)) * TotalDifference(g) / g.voxels;
}

// IBSI 1: NQ30, busyness.
double Busyness(const Ngtdm& g) {
  double denominator = 0;
  for (const auto& a : g.levels) {
    for (const auto& b : g.levels) denominator += std::abs(a.i * a.p - b.i * b.p);
  }
  return denominator > 0 ? WeightedDifference(g) / denominator : NAN;
}

// IBSI 1: HDEZ, complexity.
double Complexity(const Ngtdm& g) {
  double s = 0;
  for (const auto& a : g.levels) {
    for (const auto& b : g.levels) {
      s += std::abs(a.i - b.i) * (a.p * a.s + b.p * b.s) / (a.p + b.p);
    }
  }
  return s / g.voxels;
}

// IBSI 1: 1X9X, strength.
double Strength(const Ngtdm& g) {
  const double total = TotalDifference(g);
  if (total == 0) return NAN;
  double s = 0;
  for (const auto& a : g.levels) {
    for (const auto& b : g.levels) s += (a.p + b.p) * (a.i - b.i) * (a.i - b.i);
  }
  return s / total;
}

struct Feature {
  std::string_view name;
  std::string_view id;
  double (*compute)(const Ngtdm&);
};

constexpr Feature kFeatures[] = {
    {"Coarseness", "QCDE", Coarseness}, {"Contrast", "65HE", Contrast},
    {"Busyness", "NQ30", Busyness},     {"Complexity", "HDEZ", Complexity},
    {"Strength", "1X9X", Strength},
};

constexpr size_t kFeatureCount = std::size(kFeatures);

// All features of one matrix, in kFeatures order; NaN for a matrix without voxels.
std::vector<double> Features(const ToneMatrix& m, const LevelIndex& index) {
  const Ngtdm g = Summarise(m, index);
  std::vector<double> values(kFeatureCount, NAN);
  if (g.voxels == 0) return values;
  for (size_t f = 0; f < kFeatureCount; ++f) values[f] = kFeatures[f].compute(g);
  return values;
}

// The matrix of slices k0..k1-1, whose neighbourhoods stay within those slices: a single slice
// gives the in-plane (2D) neighbourhood, the whole volume the 3D one.
ToneMatrix BuildMatrix(const TextureInput& input, const LevelIndex& index, int radius, int64_t k0,
                       int64_t k1) {
  ToneMatrix m(index.count());
  const auto& size = input.size;
  for (int64_t k = k0; k < k1; ++k) {
    for (int64_t j = 0; j < size[1]; ++j) {
      for (int64_t i = 0; i < size[0]; ++i) {
        const int32_t g = input.grey[input.Offset(i, j, k)];
        if (g == 0) continue;
        double sum = 0;
        int neighbours = 0;
        for (int64_t nk = std::max(k0, k - radius); nk <= std::min(k1 - 1, k + radius); ++nk) {
          for (int64_t nj = std::max<int64_t>(0, j - radius);
               nj <= std::min(size[1] - 1, j + radius); ++nj) {
            for (int64_t ni = std::max<int64_t>(0, i - radius);
                 ni <= std::min(size[0] - 1, i + radius); ++ni) {
              const int32_t h = input.grey[input.Offset(ni, nj, nk)];
              if (h == 0) continue;
              sum += h;
              ++neighbours;
            }
          }
        }
        // The loops counted the centre voxel itself, which is in the mask.
        sum -= g;
        --neighbours;
        if (neighbours == 0) continue;
        const int32_t a = index.IndexOf(g);
        m.count[a] += 1;
        m.difference[a] += std::abs(g - sum / neighbours);
      }
    }
  }
  return m;
}

void Write(FeatureList& out, std::string_view aggregation, const std::vector<double>& values) {
  FamilyWriter writer(out, std::string(kFamily), std::string(aggregation));
  for (size_t f = 0; f < kFeatureCount; ++f) {
    writer.Add(kFeatures[f].name, kFeatures[f].id, values[f]);
  }
}

}  // namespace

void ComputeNgtdmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out) {
  const LevelIndex index(input);
  const int radius = params.ngtdm_distance;
  const auto& dims = params.texture_dimensions;
  const bool want2d = dims.count(TextureDimension::k2D) > 0;
  const bool want25d = dims.count(TextureDimension::k2_5D) > 0;

  if (want2d || want25d) {
    std::vector<std::vector<double>> per_slice;
    ToneMatrix merged(index.count());
    for (int64_t k = 0; k < input.size[2]; ++k) {
      const ToneMatrix slice = BuildMatrix(input, index, radius, k, k + 1);
      if (want2d) per_slice.push_back(Features(slice, index));
      merged.Add(slice);
    }
    if (want2d) Write(out, kAggregation2D, FeatureMean(per_slice));
    if (want25d) Write(out, kAggregation2_5D, Features(merged, index));
  }
  if (dims.count(TextureDimension::k3D) > 0) {
    Write(out, kAggregation3D,
          Features(BuildMatrix(input, index, radius, 0, input.size[2]), index));
  }
}

}  // namespace radfed::radiomics
