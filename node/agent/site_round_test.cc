#include "node/agent/site_round.h"

#include <gtest/gtest.h>

#include "common/secagg/round_config_json.h"
#include "common/secagg/server.h"
#include "common/secagg/testing/test_pki.h"

namespace radfed::node {
namespace {

using Bytes = crypto::Bytes;
std::string Str(const Bytes& b) { return std::string(b.begin(), b.end()); }
Bytes Raw(const std::string& s) { return Bytes(s.begin(), s.end()); }

class SiteRoundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pki_ = std::move(*secagg::testing::TestPki::Create({"a", "b", "c"}));
    config_.study_id = "st-1";
    config_.round_id = 4;
    config_.sites = {"a", "b", "c"};
    config_.threshold = 2;
    config_.vector_length = 2;
  }

  std::unique_ptr<SiteRound> Start(const std::string& site, std::set<std::string> required, size_t min_sites) {
    auto round = SiteRound::Start(site, "st-1", 4, secagg::RoundConfigToJson(config_).dump(), {1.5, -2},
                                  std::move(required), min_sites, pki_->SignerFor(site), pki_.get());
    EXPECT_TRUE(round.ok()) << round.status().ToString();
    return round.ok() ? std::move(*round) : nullptr;
  }

  // Runs steps 1-3 for a, b, c with `c` silent at step 3, then returns the unmasking requests.
  std::map<std::string, std::string> RunUntilUnmask(std::map<std::string, std::unique_ptr<SiteRound>>& sites) {
    auto params = *secagg::RoundParameters::Create(config_);
    auto server = *secagg::SecAggServer::Create(params, pki_.get());
    for (auto& [name, site] : sites) {
      auto m = site->OnStep(v1::AGGREGATION_STEP_ADVERTISE_KEYS, "");
      EXPECT_TRUE(server.HandleAdvertiseKeys(*secagg::ParseAdvertiseKeys(Raw(*m))).ok());
    }
    EXPECT_TRUE(server.CloseStep().ok());
    for (const std::string& name : server.Recipients()) {
      auto m = sites[name]->OnStep(v1::AGGREGATION_STEP_SHARE_KEYS, Str(secagg::Serialize(*server.KeyDirectoryFor(name))));
      EXPECT_TRUE(server.HandleShareKeys(*secagg::ParseShareKeys(Raw(*m))).ok());
    }
    EXPECT_TRUE(server.CloseStep().ok());
    for (const std::string& name : server.Recipients()) {
      if (name == "c") continue;  // c dies after sharing its keys
      auto m = sites[name]->OnStep(v1::AGGREGATION_STEP_MASKED_INPUT, Str(secagg::Serialize(*server.ShareRelayFor(name))));
      EXPECT_TRUE(server.HandleMaskedInput(*secagg::ParseMaskedInput(Raw(*m))).ok());
    }
    EXPECT_TRUE(server.CloseStep().ok());
    std::map<std::string, std::string> requests;
    for (const std::string& name : server.Recipients()) {
      requests[name] = Str(secagg::Serialize(*server.UnmaskingRequestFor(name)));
    }
    return requests;
  }

  std::unique_ptr<secagg::testing::TestPki> pki_;
  secagg::RoundConfig config_;
};

TEST_F(SiteRoundTest, RefusesToUnmaskWhenARequiredSiteDropped) {
  std::map<std::string, std::unique_ptr<SiteRound>> sites;
  for (const char* s : {"a", "b", "c"}) sites[s] = Start(s, {"a", "b", "c"}, 2);
  auto requests = RunUntilUnmask(sites);
  ASSERT_EQ(requests.size(), 2u);
  auto refused = sites["a"]->OnStep(v1::AGGREGATION_STEP_UNMASK, requests["a"]);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(refused.status().message().find("required site(s) c dropped"), std::string::npos);
  // Having refused, the site will not answer a second request either.
  EXPECT_FALSE(sites["a"]->OnStep(v1::AGGREGATION_STEP_UNMASK, requests["a"]).ok());
}

TEST_F(SiteRoundTest, RefusesToUnmaskBelowMinSites) {
  std::map<std::string, std::unique_ptr<SiteRound>> sites;
  for (const char* s : {"a", "b", "c"}) sites[s] = Start(s, {}, 3);
  auto requests = RunUntilUnmask(sites);
  auto refused = sites["b"]->OnStep(v1::AGGREGATION_STEP_UNMASK, requests["b"]);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("only 2 sites survived and the study needs 3"), std::string::npos);
}

TEST_F(SiteRoundTest, UnmasksWhenTheSurvivorsAreEnough) {
  std::map<std::string, std::unique_ptr<SiteRound>> sites;
  for (const char* s : {"a", "b", "c"}) sites[s] = Start(s, {}, 2);
  auto requests = RunUntilUnmask(sites);
  EXPECT_TRUE(sites["a"]->OnStep(v1::AGGREGATION_STEP_UNMASK, requests["a"]).ok());
  EXPECT_TRUE(sites["a"]->masked_input_digest().has_value());
}

TEST_F(SiteRoundTest, ValidatesTheRoundConfiguration) {
  const std::string json = secagg::RoundConfigToJson(config_).dump();
  auto other_study = SiteRound::Start("a", "st-2", 4, json, {1, 2}, {}, 2, pki_->SignerFor("a"), pki_.get());
  EXPECT_EQ(other_study.status().code(), StatusCode::kInvalidArgument);
  auto other_attempt = SiteRound::Start("a", "st-1", 5, json, {1, 2}, {}, 2, pki_->SignerFor("a"), pki_.get());
  EXPECT_EQ(other_attempt.status().code(), StatusCode::kInvalidArgument);
  auto wrong_length = SiteRound::Start("a", "st-1", 4, json, {1, 2, 3}, {}, 2, pki_->SignerFor("a"), pki_.get());
  EXPECT_NE(wrong_length.status().message().find("expects 2 values"), std::string::npos);
  auto not_member = SiteRound::Start("d", "st-1", 4, json, {1, 2}, {}, 2, pki_->SignerFor("a"), pki_.get());
  EXPECT_FALSE(not_member.ok());
  auto garbage = SiteRound::Start("a", "st-1", 4, "{", {1, 2}, {}, 2, pki_->SignerFor("a"), pki_.get());
  EXPECT_FALSE(garbage.ok());
  auto out_of_range = SiteRound::Start("a", "st-1", 4, json, {1e300, 0}, {}, 2, pki_->SignerFor("a"), pki_.get());
  EXPECT_EQ(out_of_range.status().code(), StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace radfed::node
