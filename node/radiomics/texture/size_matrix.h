// SizeMatrix: a "grey level x count" matrix and the features IBSI 1 defines on it.
//
// GLSZM (zone size), GLDZM (zone distance) and NGLDM (dependence count) all count how often a
// grey level i occurs together with a positive integer j, and define the same features on that
// matrix under different names (IBSI 1, sections 3.8-3.11): emphases, non-uniformities, a
// percentage, variances and entropy. This class implements them once; each family only names
// them. The columns are sparse because zone sizes can reach the ROI's voxel count.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_value.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {

class SizeMatrix {
 public:
  // `num_voxels` is N_v, the denominator of the percentage features: the voxels of the intensity
  // mask the matrix was built from.
  explicit SizeMatrix(int64_t num_voxels = 0) : num_voxels_(num_voxels) {}

  // Counts `count` occurrences of grey level `level` (>= 1) with count `size` (>= 1).
  void Add(int32_t level, int64_t size, double count = 1);
  // Adds another matrix's counts and voxels: the 2.5D matrix is the sum of the slice matrices.
  void Merge(const SizeMatrix& other);

  // N_s, the sum of all counts. Every feature is NaN for an empty matrix.
  double total() const { return total_; }
  int64_t num_voxels() const { return num_voxels_; }
  // Count of (level, size), 0 when absent; for tests.
  double At(int32_t level, int64_t size) const;

  // The features, each with the IBSI 1 identifiers of its GLSZM, GLDZM and NGLDM form. i is the
  // grey level, j the size, p = count / N_s; an "emphasis" is the count-weighted mean of a weight.
  // IBSI 1: 5QRC, 0GBI, SODN; small zone / small distance / low dependence emphasis, 1/j^2.
  double SmallEmphasis() const;
  // IBSI 1: 48P8, MB4I, IMOQ; large zone / large distance / high dependence emphasis, j^2.
  double LargeEmphasis() const;
  // IBSI 1: XMSY, S1RA, TL9H; low grey level zone / count emphasis, 1/i^2.
  double LowGreyEmphasis() const;
  // IBSI 1: 5GN9, K26C, OAE7; high grey level zone / count emphasis, i^2.
  double HighGreyEmphasis() const;
  // IBSI 1: 5RAI, RUVG, EQ3F; small/low-dependence, low grey level emphasis, 1/(i^2 j^2).
  double SmallLowGreyEmphasis() const;
  // IBSI 1: HW1V, DKNJ, JA6D; small/low-dependence, high grey level emphasis, i^2/j^2.
  double SmallHighGreyEmphasis() const;
  // IBSI 1: YH51, A7WM, NBZI; large/high-dependence, low grey level emphasis, j^2/i^2.
  double LargeLowGreyEmphasis() const;
  // IBSI 1: J17V, KLTH, 9QMG; large/high-dependence, high grey level emphasis, i^2 j^2.
  double LargeHighGreyEmphasis() const;
  // IBSI 1: JNSA, VFT7, FP8K; grey level non-uniformity, sum over i of (row sum)^2 / N_s.
  double GreyNonUniformity() const;
  // IBSI 1: Y1RO, 7HP3, 5SPA; normalised grey level non-uniformity, the above / N_s.
  double GreyNonUniformityNorm() const;
  // IBSI 1: 4JP3, V294, Z87G; zone size / distance / dependence count non-uniformity, sum over j
  // of (column sum)^2 / N_s.
  double SizeNonUniformity() const;
  // IBSI 1: VB3A, IATH, OKJI; its normalised form, the above / N_s.
  double SizeNonUniformityNorm() const;
  // IBSI 1: P30P, VIWW, 6XV8; zone / dependence count percentage, N_s / N_v.
  double Percentage() const;
  // IBSI 1: BYLV, QK93, 1PFV; grey level variance, of i under p.
  double GreyVariance() const;
  // IBSI 1: 3NSA, 7WT1, DNX2; zone size / distance / dependence count variance, of j under p.
  double SizeVariance() const;
  // IBSI 1: GU8N, GBDU, FCBV; zone size / distance / dependence count entropy, -sum p log2 p.
  double Entropy() const;
  // IBSI 1: CAS9; dependence count energy (NGLDM only), sum p^2.
  double Energy() const;

 private:
  template <typename Weight>
  double Emphasis(Weight weight) const;

  // Keyed by (size, level) so that the column sums come out in order.
  std::map<std::pair<int64_t, int32_t>, double> counts_;
  double total_ = 0;
  int64_t num_voxels_ = 0;
};

// One feature of a family defined on a SizeMatrix: its IBSI name, identifier and method.
struct SizeFeature {
  std::string_view name;
  std::string_view ibsi_id;
  double (SizeMatrix::*compute)() const;
};

// The values of `features` on `matrix`, in order.
std::vector<double> EvaluateSizeFeatures(const SizeMatrix& matrix,
                                         std::span<const SizeFeature> features);

// Empty matrices, one per slice k of `input` with `slice_wise`, else one for the volume, each
// with N_v set to the intensity-mask voxels of its part: where the family builders start.
std::vector<SizeMatrix> EmptySizeMatrices(const TextureInput& input, bool slice_wise);

// Builds the matrices of one family from `input`: with `slice_wise`, one matrix per slice k (in
// the (i, j) plane, 2D neighbourhoods); otherwise a single matrix of the volume (3D).
using SizeMatrixBuilder = std::vector<SizeMatrix> (*)(const TextureInput& input,
                                                      const ExtractionParams& params,
                                                      bool slice_wise);

// Appends `family`'s features for every dimension in params.texture_dimensions (IBSI 1, section
// 3.6.1): "2D" averages the features of the non-empty slice matrices, "2.5D" computes them on
// the sum of the slice matrices, "3D" on the volume matrix.
void ComputeSizeFamily(const TextureInput& input, const ExtractionParams& params,
                       std::string_view family, std::span<const SizeFeature> features,
                       SizeMatrixBuilder build, FeatureList& out);

}  // namespace radfed::radiomics
