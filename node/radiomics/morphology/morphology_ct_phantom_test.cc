// Morphological features on the IBSI CT phantom, pre-processed as IBSI configurations A-C
// (configs/ibsi/config_{A,B,C}.yaml), held against the published reference values.
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

ExtractionParams Config(char letter) {
  ExtractionParams params = testing::IbsiCtConfig(letter);
  params.families = {FeatureFamily::kMorphology};
  return params;
}

TEST(MorphologyCtPhantomTest, ConfigA) { ExpectConfigMatches(Config('A'), "config_A", 25); }
TEST(MorphologyCtPhantomTest, ConfigB) { ExpectConfigMatches(Config('B'), "config_B", 25); }
TEST(MorphologyCtPhantomTest, ConfigC) { ExpectConfigMatches(Config('C'), "config_C", 24); }

}  // namespace
}  // namespace radfed::radiomics
