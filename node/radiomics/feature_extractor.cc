#include "node/radiomics/feature_extractor.h"

#include <chrono>
#include <optional>

#include "node/radiomics/intensity/intensity_histogram.h"
#include "node/radiomics/intensity/intensity_statistics.h"
#include "node/radiomics/intensity/intensity_volume_histogram.h"
#include "node/radiomics/intensity/local_intensity.h"
#include "node/radiomics/morphology/morphology_features.h"
#include "node/radiomics/preprocessing/roi_builder.h"
#include "node/radiomics/texture/glcm.h"
#include "node/radiomics/texture/level_index.h"
#include "node/radiomics/texture/gldzm.h"
#include "node/radiomics/texture/glrlm.h"
#include "node/radiomics/texture/glszm.h"
#include "node/radiomics/texture/ngldm.h"
#include "node/radiomics/texture/ngtdm.h"
#include "node/radiomics/texture/texture_input.h"

namespace radfed::radiomics {
namespace {

class Stopwatch {
 public:
  // Milliseconds since construction or the previous Lap().
  double Lap() {
    const auto now = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - last_).count();
    last_ = now;
    return ms;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

using TextureFamily = void (*)(const TextureInput&, const ExtractionParams&, FeatureList&);
using RoiFamily = void (*)(const ProcessedRoi&, FeatureList&);

// The function of a family that reads the ProcessedRoi, or nullptr for texture families.
RoiFamily RoiFunction(FeatureFamily family) {
  switch (family) {
    case FeatureFamily::kMorphology:
      return ComputeMorphologyFeatures;
    case FeatureFamily::kLocalIntensity:
      return ComputeLocalIntensityFeatures;
    case FeatureFamily::kIntensityStatistics:
      return ComputeIntensityStatisticsFeatures;
    case FeatureFamily::kIntensityHistogram:
      return ComputeIntensityHistogramFeatures;
    case FeatureFamily::kIntensityVolumeHistogram:
      return ComputeIntensityVolumeHistogramFeatures;
    default:
      return nullptr;
  }
}

// The function of a texture family: every family RoiFunction does not cover.
TextureFamily TextureFunction(FeatureFamily family) {
  switch (family) {
    case FeatureFamily::kGlcm:
      return ComputeGlcmFeatures;
    case FeatureFamily::kGlrlm:
      return ComputeGlrlmFeatures;
    case FeatureFamily::kGlszm:
      return ComputeGlszmFeatures;
    case FeatureFamily::kGldzm:
      return ComputeGldzmFeatures;
    case FeatureFamily::kNgtdm:
      return ComputeNgtdmFeatures;
    case FeatureFamily::kNgldm:
      return ComputeNgldmFeatures;
    default:
      return nullptr;
  }
}

}  // namespace

Result<Extraction> ExtractFeatures(const imaging::Image& image, const imaging::Mask& mask,
                                   const ExtractionParams& params) {
  const std::set<FeatureFamily> families =
      params.families.empty() ? AllFeatureFamilies() : params.families;
  Extraction out;
  Stopwatch watch;
  RADFED_ASSIGN_OR_RETURN(const ProcessedRoi roi, BuildProcessedRoi(image, mask, params));
  out.timings.push_back({"preprocessing", watch.Lap()});

  std::optional<TextureInput> texture;
  int32_t distinct_levels = 0;
  for (FeatureFamily family : families) {
    if (const RoiFamily compute = RoiFunction(family)) {
      compute(roi, out.features);
    } else {
      if (!texture) {
        texture = MakeTextureInput(roi);
        distinct_levels = LevelIndex(*texture).count();
        out.timings.push_back({"texture_input", watch.Lap()});
      }
      if (family == FeatureFamily::kGlcm || family == FeatureFamily::kGlrlm) {
        RADFED_RETURN_IF_ERROR(CheckDenseMatrixLevels(distinct_levels, FeatureFamilyKey(family)));
      }
      TextureFunction(family)(*texture, params, out.features);
    }
    out.timings.push_back({std::string(FeatureFamilyKey(family)), watch.Lap()});
  }
  return out;
}

}  // namespace radfed::radiomics
