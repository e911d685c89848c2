#include "node/radiomics/texture/ngldm.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

namespace radfed::radiomics {
namespace {

constexpr std::string_view kFamily = "Neighbouring grey level dependence based features";

// IBSI 1, section 3.11: names and identifiers of the NGLDM features.
constexpr std::array<SizeFeature, 17> kFeatures{{
    {"Low dependence emphasis", "SODN", &SizeMatrix::SmallEmphasis},
    {"High dependence emphasis", "IMOQ", &SizeMatrix::LargeEmphasis},
    {"Low grey level count emphasis", "TL9H", &SizeMatrix::LowGreyEmphasis},
    {"High grey level count emphasis", "OAE7", &SizeMatrix::HighGreyEmphasis},
    {"Low dependence low grey level emphasis", "EQ3F", &SizeMatrix::SmallLowGreyEmphasis},
    {"Low dependence high grey level emphasis", "JA6D", &SizeMatrix::SmallHighGreyEmphasis},
    {"High dependence low grey level emphasis", "NBZI", &SizeMatrix::LargeLowGreyEmphasis},
    {"High dependence high grey level emphasis", "9QMG", &SizeMatrix::LargeHighGreyEmphasis},
    {"Grey level non-uniformity", "FP8K", &SizeMatrix::GreyNonUniformity},
    {"Normalised grey level non-uniformity", "5SPA", &SizeMatrix::GreyNonUniformityNorm},
    {"Dependence count non-uniformity", "Z87G", &SizeMatrix::SizeNonUniformity},
    {"Normalised dependence count non-uniformity", "OKJI", &SizeMatrix::SizeNonUniformityNorm},
    {"Dependence count percentage", "6XV8", &SizeMatrix::Percentage},
    {"Grey level variance", "1PFV", &SizeMatrix::GreyVariance},
    {"Dependence count variance", "DNX2", &SizeMatrix::SizeVariance},
    {"Dependence count entropy", "FCBV", &SizeMatrix::Entropy},
    {"Dependence count energy", "CAS9", &SizeMatrix::Energy},
}};

}  // namespace

std::vector<SizeMatrix> BuildNgldm(const TextureInput& input, const ExtractionParams& params,
                                   bool slice_wise) {
  std::vector<SizeMatrix> matrices = EmptySizeMatrices(input, slice_wise);
  const int64_t sx = input.size[0], sy = input.size[1], sz = input.size[2];
  const int64_t d = std::max(params.ngldm_distance, 0);
  const int64_t dk_max = slice_wise ? 0 : d;
  const int64_t max_count = (2 * d + 1) * (2 * d + 1) * (2 * dk_max + 1);

  // The (level, dependence count) of each voxel of one matrix as a key, counted by sorting: a
  // dense table of levels x possible counts ((2d + 1)^3 columns) took gigabytes at large
  // distances, while the keys never outnumber the voxels.
  const int64_t columns = max_count + 1;
  std::vector<int64_t> keys;
  const auto flush = [&](SizeMatrix& matrix) {
    std::sort(keys.begin(), keys.end());
    for (auto run = keys.begin(); run != keys.end();) {
      const auto end = std::upper_bound(run, keys.end(), *run);
      matrix.Add(static_cast<int32_t>(*run / columns), *run % columns,
                 static_cast<double>(end - run));
      run = end;
    }
    keys.clear();
  };

  for (int64_t k = 0; k < sz; ++k) {
    for (int64_t j = 0; j < sy; ++j) {
      for (int64_t i = 0; i < sx; ++i) {
        const int32_t level = input.grey[input.Offset(i, j, k)];
        if (level <= 0) continue;
        int64_t dependent = 1;  // the voxel itself
        for (int64_t nk = std::max<int64_t>(k - dk_max, 0); nk <= std::min(k + dk_max, sz - 1);
             ++nk) {
          for (int64_t nj = std::max<int64_t>(j - d, 0); nj <= std::min(j + d, sy - 1); ++nj) {
            for (int64_t ni = std::max<int64_t>(i - d, 0); ni <= std::min(i + d, sx - 1); ++ni) {
              if (ni == i && nj == j && nk == k) continue;
              const int32_t other = input.grey[input.Offset(ni, nj, nk)];
              if (other > 0 && std::abs(other - level) <= params.ngldm_alpha) ++dependent;
            }
          }
        }
        keys.push_back(level * columns + dependent);
      }
    }
    if (slice_wise) flush(matrices[static_cast<size_t>(k)]);
  }
  if (!slice_wise) flush(matrices.front());
  return matrices;
}

void ComputeNgldmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out) {
  ComputeSizeFamily(input, params, kFamily, kFeatures, &BuildNgldm, out);
}

}  // namespace radfed::radiomics
