#include "common/secagg/round_parameters.h"

#include <gtest/gtest.h>

#include "common/secagg/messages.h"

namespace radfed::secagg {
namespace {

RoundConfig Config(size_t n) {
  RoundConfig config;
  config.study_id = "lung-cox";
  config.round_id = 3;
  for (size_t i = 0; i < n; ++i) config.sites.push_back("site-" + std::to_string(i));
  config.vector_length = 10;
  return config;
}

StatusCode Code(const RoundConfig& config) {
  return RoundParameters::Create(config).status().code();
}

TEST(RoundParametersTest, DefaultThresholdIsMajorityWithFloorTwo) {
  EXPECT_EQ(DefaultThreshold(2), 2u);
  EXPECT_EQ(DefaultThreshold(3), 2u);
  EXPECT_EQ(DefaultThreshold(4), 3u);
  EXPECT_EQ(DefaultThreshold(5), 3u);
  EXPECT_EQ(DefaultThreshold(10), 6u);
  EXPECT_EQ(DefaultThreshold(101), 51u);
  EXPECT_EQ(RoundParameters::Create(Config(7)).value().threshold(), 4u);
}

TEST(RoundParametersTest, FewerThanThreeSitesNeedAnExplicitOverride) {
  Result<RoundParameters> two = RoundParameters::Create(Config(2));
  EXPECT_EQ(two.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(two.status().message().find("reveals the other site's input"), std::string::npos);
  RoundConfig allowed = Config(2);
  allowed.allow_two_sites = true;
  EXPECT_TRUE(RoundParameters::Create(allowed).ok());
  RoundConfig one = Config(1);
  one.allow_two_sites = true;
  EXPECT_EQ(Code(one), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(Config(0)), StatusCode::kInvalidArgument);
}

TEST(RoundParametersTest, RejectsMalformedConfigs) {
  RoundConfig config = Config(4);
  config.sites[2] = config.sites[1];
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config = Config(4);
  config.sites[0] = "";
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config = Config(4);
  config.sites[0] = std::string(kMaxIdSize + 1, 'x');
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config = Config(4);
  config.study_id = "";
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config = Config(4);
  config.threshold = 1;
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config.threshold = 5;
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config.threshold = 4;
  EXPECT_TRUE(RoundParameters::Create(config).ok());
  config = Config(4);
  config.vector_length = 0;
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config.vector_length = kMaxVectorWords;  // times 2 limbs
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config = Config(4);
  config.encoding.max_sites = 3;
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  config = Config(4);
  config.encoding.limbs = 5;
  EXPECT_EQ(Code(config), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(Config(kMaxRoundSites + 1)), StatusCode::kInvalidArgument);
}

TEST(RoundParametersTest, IndicesFollowTheSiteOrder) {
  RoundParameters params = RoundParameters::Create(Config(5)).value();
  EXPECT_EQ(params.IndexOf("site-0"), 1u);
  EXPECT_EQ(params.IndexOf("site-4"), 5u);
  EXPECT_FALSE(params.IndexOf("site-5").has_value());
  EXPECT_EQ(params.SiteAt(3), "site-2");
  EXPECT_EQ(params.masked_words(), 20u);
}

TEST(RoundParametersTest, DigestCoversEveryField) {
  crypto::Sha256Digest base = RoundParameters::Create(Config(4)).value().digest();
  EXPECT_EQ(RoundParameters::Create(Config(4)).value().digest(), base);
  std::vector<RoundConfig> variants(9, Config(4));
  variants[0].study_id = "other";
  variants[1].round_id = 4;
  std::swap(variants[2].sites[0], variants[2].sites[1]);
  variants[3].threshold = 4;
  variants[4].vector_length = 11;
  variants[5].encoding.fraction_bits = 47;
  variants[6].encoding.max_abs = 2e12;
  variants[7].encoding.max_sites = 1000;
  variants[8].encoding.limbs = 1;
  variants[8].encoding.fraction_bits = 16;
  variants[8].encoding.max_abs = 1e6;
  for (size_t i = 0; i < variants.size(); ++i) {
    Result<RoundParameters> params = RoundParameters::Create(variants[i]);
    ASSERT_TRUE(params.ok()) << i << ": " << params.status().ToString();
    EXPECT_NE(params->digest(), base) << "variant " << i;
  }
}

}  // namespace
}  // namespace radfed::secagg
