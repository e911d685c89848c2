#include "node/radiomics/texture/gldzm.h"

#include <algorithm>
#include <array>
#include <limits>

#include "node/radiomics/texture/zones.h"

namespace radfed::radiomics {
namespace {

constexpr std::string_view kFamily = "Grey level distance zone based features";

// IBSI 1, section 3.9: names and identifiers of the GLDZM features.
constexpr std::array<SizeFeature, 16> kFeatures{{
    {"Small distance emphasis", "0GBI", &SizeMatrix::SmallEmphasis},
    {"Large distance emphasis", "MB4I", &SizeMatrix::LargeEmphasis},
    {"Low grey level zone emphasis", "S1RA", &SizeMatrix::LowGreyEmphasis},
    {"High grey level zone emphasis", "K26C", &SizeMatrix::HighGreyEmphasis},
    {"Small distance low grey level emphasis", "RUVG", &SizeMatrix::SmallLowGreyEmphasis},
    {"Small distance high grey level emphasis", "DKNJ", &SizeMatrix::SmallHighGreyEmphasis},
    {"Large distance low grey level emphasis", "A7WM", &SizeMatrix::LargeLowGreyEmphasis},
    {"Large distance high grey level emphasis", "KLTH", &SizeMatrix::LargeHighGreyEmphasis},
    {"Grey level non-uniformity", "VFT7", &SizeMatrix::GreyNonUniformity},
    {"Normalised grey level non-uniformity", "7HP3", &SizeMatrix::GreyNonUniformityNorm},
    {"Zone distance non-uniformity", "V294", &SizeMatrix::SizeNonUniformity},
    {"Normalised zone distance non-uniformity", "IATH", &SizeMatrix::SizeNonUniformityNorm},
    {"Zone percentage", "VIWW", &SizeMatrix::Percentage},
    {"Grey level variance", "QK93", &SizeMatrix::GreyVariance},
    {"Zone distance variance", "7WT1", &SizeMatrix::SizeVariance},
    {"Zone distance entropy", "GBDU", &SizeMatrix::Entropy},
}};

}  // namespace

std::vector<int32_t> EdgeDistances(const TextureInput& input, bool slice_wise) {
  const int64_t sx = input.size[0], sy = input.size[1], sz = input.size[2];
  const std::array<std::array<int64_t, 3>, 6> faces{
      {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}}};
  const size_t num_faces = slice_wise ? 4 : 6;

  // Breadth-first search from the border voxels: a voxel's distance is one more than that of the
  // neighbour it is first reached from, i.e. the number of face steps to the outside.
  std::vector<int32_t> distance(input.morphological.size(), 0);
  std::vector<int64_t> queue;
  for (int64_t k = 0; k < sz; ++k) {
    for (int64_t j = 0; j < sy; ++j) {
      for (int64_t i = 0; i < sx; ++i) {
        const int64_t v = input.Offset(i, j, k);
        if (!input.morphological[v]) continue;
        for (size_t f = 0; f < num_faces; ++f) {
          const int64_t ni = i + faces[f][0], nj = j + faces[f][1], nk = k + faces[f][2];
          if (ni < 0 || nj < 0 || nk < 0 || ni >= sx || nj >= sy || nk >= sz ||
              !input.morphological[input.Offset(ni, nj, nk)]) {
            distance[v] = 1;
            queue.push_back(v);
            break;
          }
        }
      }
    }
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    const int64_t v = queue[head];
    const int64_t i = v % sx, j = (v / sx) % sy, k = v / (sx * sy);
    for (size_t f = 0; f < num_faces; ++f) {
      const int64_t ni = i + faces[f][0], nj = j + faces[f][1], nk = k + faces[f][2];
      if (ni < 0 || nj < 0 || nk < 0 || ni >= sx || nj >= sy || nk >= sz) continue;
      const int64_t n = input.Offset(ni, nj, nk);
      if (!input.morphological[n] || distance[n] != 0) continue;
      distance[n] = distance[v] + 1;
      queue.push_back(n);
    }
  }
  return distance;
}

std::vector<SizeMatrix> BuildGldzm(const TextureInput& input, const ExtractionParams&,
                                   bool slice_wise) {
  std::vector<SizeMatrix> matrices = EmptySizeMatrices(input, slice_wise);
  const Zones zones = LabelZones(input, slice_wise);
  const std::vector<int32_t> distance = EdgeDistances(input, slice_wise);
  std::vector<int32_t> zone_distance(zones.level.size(), std::numeric_limits<int32_t>::max());
  for (size_t v = 0; v < zones.zone_of.size(); ++v) {
    const int32_t zone = zones.zone_of[v];
    if (zone >= 0) zone_distance[zone] = std::min(zone_distance[zone], distance[v]);
  }
  for (size_t z = 0; z < zones.level.size(); ++z) {
    matrices[slice_wise ? static_cast<size_t>(zones.slice[z]) : 0].Add(zones.level[z],
                                                                       zone_distance[z]);
  }
  return matrices;
}

void ComputeGldzmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out) {
  ComputeSizeFamily(input, params, kFamily, kFeatures, &BuildGldzm, out);
}

}  // namespace radfed::radiomics
