#include "node/radiomics/texture/glszm.h"

#include <array>

#include "node/radiomics/texture/zones.h"

namespace radfed::radiomics {
namespace {

constexpr std::string_view kFamily = "Grey level size zone based features";

// IBSI 1, section 3.8: names and identifiers of the GLSZM features.
constexpr std::array<SizeFeature, 16> kFeatures{{
    {"Small zone emphasis", "5QRC", &SizeMatrix::SmallEmphasis},
    {"Large zone emphasis", "48P8", &SizeMatrix::LargeEmphasis},
    {"Low grey level zone emphasis", "XMSY", &SizeMatrix::LowGreyEmphasis},
    {"High grey level zone emphasis", "5GN9", &SizeMatrix::HighGreyEmphasis},
    {"Small zone low grey level emphasis", "5RAI", &SizeMatrix::SmallLowGreyEmphasis},
    {"Small zone high grey level emphasis", "HW1V", &SizeMatrix::SmallHighGreyEmphasis},
    {"Large zone low grey level emphasis", "YH51", &SizeMatrix::LargeLowGreyEmphasis},
    {"Large zone high grey level emphasis", "J17V", &SizeMatrix::LargeHighGreyEmphasis},
    {"Grey level non-uniformity", "JNSA", &SizeMatrix::GreyNonUniformity},
    {"Normalised grey level non-uniformity", "Y1RO", &SizeMatrix::GreyNonUniformityNorm},
    {"Zone size non-uniformity", "4JP3", &SizeMatrix::SizeNonUniformity},
    {"Normalised zone size non-uniformity", "VB3A", &SizeMatrix::SizeNonUniformityNorm},
    {"Zone percentage", "P30P", &SizeMatrix::Percentage},
    {"Grey level variance", "BYLV", &SizeMatrix::GreyVariance},
    {"Zone size variance", "3NSA", &SizeMatrix::SizeVariance},
    {"Zone size entropy", "GU8N", &SizeMatrix::Entropy},
}};

}  // namespace

std::vector<SizeMatrix> BuildGlszm(const TextureInput& input, const ExtractionParams&,
                                   bool slice_wise) {
  std::vector<SizeMatrix> matrices = EmptySizeMatrices(input, slice_wise);
  const Zones zones = LabelZones(input, slice_wise);
  for (size_t z = 0; z < zones.level.size(); ++z) {
    matrices[slice_wise ? static_cast<size_t>(zones.slice[z]) : 0].Add(zones.level[z],
                                                                       zones.size[z]);
  }
  return matrices;
}

void ComputeGlszmFeatures(const TextureInput& input, const ExtractionParams& params,
                          FeatureList& out) {
  ComputeSizeFamily(input, params, kFamily, kFeatures, &BuildGlszm, out);
}

}  // namespace radfed::radiomics
