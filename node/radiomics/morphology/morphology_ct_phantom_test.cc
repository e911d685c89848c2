// Morphological features on the IBSI CT phantom, pre-processed as IBSI configurations A-C
// (settings in tests/data/ibsi/README.md), held against the published reference values.
#include <gtest/gtest.h>

#include <string>

#include "node/radiomics/morphology/morphology_features.h"
#include "node/radiomics/preprocessing/roi_builder.h"
#include "node/radiomics/testing/ibsi_reference.h"

namespace radfed::radiomics {
namespace {

using testing::CtPhantom;
using testing::LoadCtPhantom;

void ExpectConfigMatches(const ExtractionParams& params, const std::string& dataset, int rows) {
  const CtPhantom& ct = LoadCtPhantom();
  auto roi = BuildProcessedRoi(ct.image, ct.mask, params);
  ASSERT_TRUE(roi.ok()) << roi.status().ToString();
  FeatureList features;
  ComputeMorphologyFeatures(*roi, features);
  EXPECT_EQ(testing::ExpectMatchesReferences(features, dataset, "Morphological"), rows);
}

ExtractionParams CommonParams() {
  ExtractionParams params;
  params.round_input_intensities = true;
  params.families = {FeatureFamily::kMorphology};
  params.texture = {DiscretisationMethod::kFixedBinSize, 25, 0};
  return params;
}

// B and C: 2 mm interpolation (in-plane only for B), linear for image and mask, mask threshold
// 0.5, intensities rounded after interpolation.
ExtractionParams InterpolatedParams(bool in_plane_only) {
  ExtractionParams params = CommonParams();
  params.interpolation.enabled = true;
  params.interpolation.spacing_mm = {2, 2, 2};
  params.interpolation.in_plane_only = in_plane_only;
  params.interpolation.image = Interpolator::kLinear;
  params.interpolation.mask = Interpolator::kLinear;
  params.interpolation.mask_threshold = 0.5;
  params.interpolation.round_intensities = true;
  return params;
}

TEST(MorphologyCtPhantomTest, ConfigA) {
  ExtractionParams params = CommonParams();
  params.range_min = -500;
  params.range_max = 400;
  ExpectConfigMatches(params, "config_A", 25);
}

TEST(MorphologyCtPhantomTest, ConfigB) {
  ExtractionParams params = InterpolatedParams(/*in_plane_only=*/true);
  params.range_min = -500;
  params.range_max = 400;
  params.texture = {DiscretisationMethod::kFixedBinNumber, 0, 32};
  ExpectConfigMatches(params, "config_B", 25);
}

TEST(MorphologyCtPhantomTest, ConfigC) {
  ExtractionParams params = InterpolatedParams(/*in_plane_only=*/false);
  params.range_min = -1000;
  params.range_max = 400;
  ExpectConfigMatches(params, "config_C", 24);
}

}  // namespace
}  // namespace radfed::radiomics
