// The texture families (GLCM, GLRLM, NGTDM, GLSZM, GLDZM, NGLDM) on the IBSI CT phantom,
// pre-processed as IBSI configurations A-C (configs/ibsi/config_{A,B,C}.yaml), held against
// the published reference values.
#include <gtest/gtest.h>

#include <string>

#include "node/radiomics/preprocessing/roi_builder.h"
#include "node/radiomics/testing/ibsi_reference.h"
#include "node/radiomics/texture/glcm.h"
#include "node/radiomics/texture/gldzm.h"
#include "node/radiomics/texture/glrlm.h"
#include "node/radiomics/texture/glszm.h"
#include "node/radiomics/texture/ngldm.h"
#include "node/radiomics/texture/ngtdm.h"

namespace radfed::radiomics {
namespace {

using testing::CtPhantom;
using testing::LoadCtPhantom;

// Runs the six families on the phantom and checks every reference row of `dataset`.
void ExpectConfigMatches(const ExtractionParams& params, const std::string& dataset) {
  const CtPhantom& ct = LoadCtPhantom();
  auto roi = BuildProcessedRoi(ct.image, ct.mask, params);
  ASSERT_TRUE(roi.ok()) << roi.status().ToString();
  const TextureInput input = MakeTextureInput(*roi);
  FeatureList features;
  ComputeGlcmFeatures(input, params, features);
  ComputeGlrlmFeatures(input, params, features);
  ComputeNgtdmFeatures(input, params, features);
  ComputeGlszmFeatures(input, params, features);
  ComputeGldzmFeatures(input, params, features);
  ComputeNgldmFeatures(input, params, features);
  const bool is_2d = params.texture_dimensions.count(TextureDimension::k2D) > 0;
  // GLCM and GLRLM rows per family: 2 aggregations per dimension; the others: 1.
  EXPECT_EQ(testing::ExpectMatchesReferences(features, dataset, "Grey level co-occurrence"),
            25 * (is_2d ? 4 : 2));
  EXPECT_EQ(testing::ExpectMatchesReferences(features, dataset, "Grey level run length"),
            16 * (is_2d ? 4 : 2));
  EXPECT_EQ(testing::ExpectMatchesReferences(features, dataset, "Neighbourhood grey tone"),
            5 * (is_2d ? 2 : 1));
  EXPECT_EQ(testing::ExpectMatchesReferences(features, dataset, "Grey level size zone"),
            16 * (is_2d ? 2 : 1));
  EXPECT_EQ(testing::ExpectMatchesReferences(features, dataset, "Grey level distance zone"),
            16 * (is_2d ? 2 : 1));
  EXPECT_EQ(
      testing::ExpectMatchesReferences(features, dataset, "Neighbouring grey level dependence"),
      17 * (is_2d ? 2 : 1));
}

ExtractionParams Config(char letter) {
  ExtractionParams params = testing::IbsiCtConfig(letter);
  params.families = {FeatureFamily::kGlcm,  FeatureFamily::kGlrlm, FeatureFamily::kNgtdm,
                     FeatureFamily::kGlszm, FeatureFamily::kGldzm, FeatureFamily::kNgldm};
  return params;
}

TEST(TextureCtPhantomTest, ConfigA) { ExpectConfigMatches(Config('A'), "config_A"); }
TEST(TextureCtPhantomTest, ConfigB) { ExpectConfigMatches(Config('B'), "config_B"); }
TEST(TextureCtPhantomTest, ConfigC) { ExpectConfigMatches(Config('C'), "config_C"); }

}  // namespace
}  // namespace radfed::radiomics
