#include "common/secagg/server.h"

#include <gtest/gtest.h>

#include "common/secagg/testing/round_checks.h"
#include "common/secagg/testing/round_simulator.h"

namespace radfed::secagg {
namespace {

using testing::RoundSimulator;
using testing::TestSiteKey;

const std::vector<std::string> kSites = {"site-a", "site-b", "site-c", "site-d", "site-e"};

RoundConfig Config(std::vector<std::string> sites = kSites, uint32_t threshold = 0,
                   uint64_t round_id = 40) {
  RoundConfig config;
  config.study_id = "gbsg-logistic";
  config.round_id = round_id;
  config.sites = std::move(sites);
  config.threshold = threshold;
  config.vector_length = 4;
  config.encoding =
      FixedPointSpec{.fraction_bits = 44, .max_abs = 1e9, .max_sites = 32, .limbs = 2};
  return config;
}

std::vector<double> Input(uint32_t index) {
  return {100.25 * index, -7e8 + index, 3e-9 * index, index % 2 ? -1.0 : 1.0};
}

std::vector<std::string> Without(std::vector<std::string> sites, const std::set<std::string>& out) {
  std::erase_if(sites, [&](const std::string& s) { return out.count(s) != 0; });
  return sites;
}

bool Contains(const Status& status, std::string_view text) {
  return status.message().find(text) != std::string::npos;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(Config()); }

  void Start(const RoundConfig& config) {
    Result<std::unique_ptr<RoundSimulator>> sim = RoundSimulator::Create(config, Input);
    ASSERT_TRUE(sim.ok()) << sim.status().ToString();
    sim_ = std::move(sim).value();
  }

  SecAggServer& server() { return sim_->server(); }
  SecAggClient& client(const std::string& site) { return sim_->client(site); }
  const RoundParameters& params() { return sim_->params(); }

  void Run(Step step, const std::set<std::string>& silent = {}) {
    Status status = sim_->RunStep(step, silent);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  void ExpectSum(const std::vector<std::string>& contributors) {
    Status status = testing::CheckRoundSum(*sim_, Input, contributors);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  // Advertisements of every site, accepted by the server except those listed.
  std::map<std::string, AdvertiseKeysMessage> Advertise(const std::set<std::string>& hold_back) {
    std::map<std::string, AdvertiseKeysMessage> ads;
    for (const std::string& site : params().config().sites) {
      ads[site] = client(site).AdvertiseKeys().value();
      if (hold_back.count(site) == 0) {
        EXPECT_TRUE(server().HandleAdvertiseKeys(ads[site]).ok());
      }
    }
    return ads;
  }

  std::unique_ptr<RoundSimulator> sim_;
};

TEST_F(ServerTest, FullRoundSumsExactlyAndAuditsEveryStep) {
  EXPECT_FALSE(server().AllExpectedReceived());
  ASSERT_TRUE(sim_->RunRound().ok());
  EXPECT_EQ(server().state(), ServerState::kDone);
  ExpectSum(kSites);

  const RoundAudit& audit = server().audit();
  ASSERT_EQ(audit.steps.size(), 4u);
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(audit.steps[k].step, static_cast<Step>(k + 1));
    EXPECT_EQ(audit.steps[k].participated, kSites);
    EXPECT_TRUE(audit.steps[k].dropped.empty());
  }
  ASSERT_EQ(audit.masked_inputs.size(), kSites.size());
  for (const MaskedInputAudit& entry : audit.masked_inputs) {
    EXPECT_EQ(entry.digest, *client(entry.site_id).masked_input_digest()) << entry.site_id;
  }
  EXPECT_EQ(audit.contributors, kSites);
  EXPECT_TRUE(audit.abort_reason.empty());
  EXPECT_EQ(server().CloseStep().code(), StatusCode::kFailedPrecondition);
}

TEST_F(ServerTest, ReportsWhenEveryExpectedSiteAnswered) {
  std::map<std::string, AdvertiseKeysMessage> ads = Advertise({"site-e"});
  EXPECT_FALSE(server().AllExpectedReceived());
  ASSERT_TRUE(server().HandleAdvertiseKeys(ads["site-e"]).ok());
  EXPECT_TRUE(server().AllExpectedReceived());
  ASSERT_TRUE(server().CloseStep().ok());
  EXPECT_FALSE(server().AllExpectedReceived());
  Run(Step::kShareKeys);
  Run(Step::kMaskedInput);
  Run(Step::kUnmasking);
  ExpectSum(kSites);
}

class DropoutTest : public ServerTest, public ::testing::WithParamInterface<int> {};

TEST_P(DropoutTest, OneSiteSilentInStepCompletesTheRound) {
  const int silent_step = GetParam();
  for (int k = 1; k <= 4; ++k) {
    Run(static_cast<Step>(k),
        k == silent_step ? std::set<std::string>{"site-c"} : std::set<std::string>{});
    for (const std::string& site : server().Recipients()) {
      if (server().state() != ServerState::kAwaitingUnmasking) break;
      UnmaskingRequestMessage request = server().UnmaskingRequestFor(site).value();
      std::set<std::string> survivors(request.survivors.begin(), request.survivors.end());
      for (const std::string& dropped : request.dropped) EXPECT_EQ(survivors.count(dropped), 0u);
      EXPECT_EQ(request.dropped,
                silent_step == 3 ? std::vector<std::string>{"site-c"} : std::vector<std::string>{});
    }
  }
  const RoundAudit& audit = server().audit();
  ASSERT_EQ(audit.steps.size(), 4u);
  EXPECT_EQ(audit.steps[silent_step - 1].dropped, std::vector<std::string>{"site-c"});
  // A site that sent its masked input counts even if it is silent in step 4.
  ExpectSum(silent_step == 4 ? kSites : Without(kSites, {"site-c"}));
}

INSTANTIATE_TEST_SUITE_P(EveryStep, DropoutTest, ::testing::Values(1, 2, 3, 4));

class BelowThresholdTest : public ServerTest, public ::testing::WithParamInterface<int> {};

TEST_P(BelowThresholdTest, AbortsCleanly) {
  const int silent_step = GetParam();
  for (int k = 1; k < silent_step; ++k) Run(static_cast<Step>(k));
  Status status = sim_->RunStep(static_cast<Step>(silent_step), {"site-c", "site-d", "site-e"});
  EXPECT_EQ(status.code(), StatusCode::kAborted);
  EXPECT_EQ(server().state(), ServerState::kAborted);
  EXPECT_TRUE(Contains(status, "below the threshold 3")) << status.message();
  EXPECT_FALSE(server().abort_reason().empty());
  EXPECT_EQ(server().audit().abort_reason, server().abort_reason());
  EXPECT_EQ(server().audit().steps.size(), static_cast<size_t>(silent_step));
  EXPECT_TRUE(server().sum().empty());
  EXPECT_EQ(server().DecodedSum().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(server().CloseStep().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(server().Recipients().empty());
  MaskedInputMessage late{{"gbsg-logistic", 40, Step::kMaskedInput, "site-a"},
                          std::vector<uint64_t>(params().masked_words())};
  EXPECT_EQ(server().HandleMaskedInput(late).code(), StatusCode::kFailedPrecondition);
}

INSTANTIATE_TEST_SUITE_P(EveryStep, BelowThresholdTest, ::testing::Values(1, 2, 3, 4));

TEST_F(ServerTest, DropoutsInSeveralStepsDownToThreshold) {
  const std::vector<std::string> sites = {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"};
  Start(Config(sites, 4));
  Run(Step::kAdvertiseKeys, {"s1"});
  Run(Step::kShareKeys, {"s2"});
  Run(Step::kMaskedInput, {"s3"});
  Run(Step::kUnmasking, {"s4"});
  const RoundAudit& audit = server().audit();
  ASSERT_EQ(audit.steps.size(), 4u);
  EXPECT_EQ(audit.steps[0].dropped, std::vector<std::string>{"s1"});
  EXPECT_EQ(audit.steps[1].dropped, std::vector<std::string>{"s2"});
  EXPECT_EQ(audit.steps[2].dropped, std::vector<std::string>{"s3"});
  EXPECT_EQ(audit.steps[3].dropped, std::vector<std::string>{"s4"});
  EXPECT_EQ(audit.steps[3].participated, (std::vector<std::string>{"s5", "s6", "s7", "s8"}));
  ExpectSum({"s4", "s5", "s6", "s7", "s8"});
}

TEST_F(ServerTest, ForgedKeySignatureIsRejectedAndTheSiteMayRetry) {
  std::map<std::string, AdvertiseKeysMessage> ads = Advertise({"site-b"});
  AdvertiseKeysMessage forged = ads["site-b"];
  forged.masking_key[3] ^= 1;
  Status status = server().HandleAdvertiseKeys(forged);
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(Contains(status, "site-b")) << status.message();

  std::unique_ptr<TestSiteKey> rogue = TestSiteKey::Generate().value();
  forged = ads["site-b"];
  forged.signature = rogue->Sign(KeyAdvertisementPayload(params().digest(), forged)).value();
  EXPECT_EQ(server().HandleAdvertiseKeys(forged).code(), StatusCode::kUnauthenticated);
  forged.certificate = rogue->Certificate();
  EXPECT_EQ(server().HandleAdvertiseKeys(forged).code(), StatusCode::kUnauthenticated);

  EXPECT_FALSE(server().AllExpectedReceived());
  ASSERT_TRUE(server().HandleAdvertiseKeys(ads["site-b"]).ok());
  EXPECT_TRUE(server().AllExpectedReceived());
  ASSERT_TRUE(server().CloseStep().ok());
  Run(Step::kShareKeys);
  Run(Step::kMaskedInput);
  Run(Step::kUnmasking);
  ExpectSum(kSites);
}

TEST_F(ServerTest, LowOrderKeyIsRejected) {
  AdvertiseKeysMessage ad = client("site-b").AdvertiseKeys().value();
  ad.masking_key = {};
  ad.signature =
      sim_->pki().SignerFor("site-b")->Sign(KeyAdvertisementPayload(params().digest(), ad)).value();
  Status status = server().HandleAdvertiseKeys(ad);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(status, "low-order")) << status.message();
}

TEST_F(ServerTest, MessagesReplayedFromAnEarlierRoundAreRejected) {
  RoundParameters previous = RoundParameters::Create(Config(kSites, 0, 39)).value();
  SecAggClient old_b =
      SecAggClient::Create(previous, "site-b", sim_->pki().SignerFor("site-b"), &sim_->pki())
          .value();
  AdvertiseKeysMessage old_ad = old_b.AdvertiseKeys().value();
  Status status = server().HandleAdvertiseKeys(old_ad);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(status, "replayed")) << status.message();
  old_ad.header.round_id = 40;
  EXPECT_EQ(server().HandleAdvertiseKeys(old_ad).code(), StatusCode::kUnauthenticated);

  Run(Step::kAdvertiseKeys);
  Run(Step::kShareKeys);
  ASSERT_TRUE(client("site-a").SetInput(Input(1)).ok());
  MaskedInputMessage masked =
      client("site-a").HandleShareRelay(server().ShareRelayFor("site-a").value()).value();
  MaskedInputMessage stale = masked;
  stale.header.round_id = 39;
  EXPECT_EQ(server().HandleMaskedInput(stale).code(), StatusCode::kInvalidArgument);
  stale = masked;
  stale.header.study_id = "other-study";
  EXPECT_EQ(server().HandleMaskedInput(stale).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(server().HandleMaskedInput(masked).ok());
}

TEST_F(ServerTest, UnknownDuplicateAndMistimedSendersAreRejected) {
  std::map<std::string, AdvertiseKeysMessage> ads = Advertise({});
  AdvertiseKeysMessage stranger = ads["site-a"];
  stranger.header.site_id = "site-z";
  EXPECT_EQ(server().HandleAdvertiseKeys(stranger).code(), StatusCode::kPermissionDenied);
  Status duplicate = server().HandleAdvertiseKeys(ads["site-a"]);
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(Contains(duplicate, "site-a")) << duplicate.message();

  MaskedInputMessage early{{"gbsg-logistic", 40, Step::kMaskedInput, "site-a"},
                           std::vector<uint64_t>(params().masked_words())};
  EXPECT_EQ(server().HandleMaskedInput(early).code(), StatusCode::kFailedPrecondition);
  AdvertiseKeysMessage wrong_step = ads["site-a"];
  wrong_step.header.step = Step::kShareKeys;
  EXPECT_EQ(server().HandleAdvertiseKeys(wrong_step).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(server().state(), ServerState::kAwaitingKeys);
  EXPECT_TRUE(server().AllExpectedReceived());
}

TEST_F(ServerTest, SitesDroppedEarlierCannotRejoin) {
  Run(Step::kAdvertiseKeys, {"site-c"});
  Status late = server().HandleAdvertiseKeys(client("site-c").AdvertiseKeys().value());
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(server().KeyDirectoryFor("site-c").status().code(), StatusCode::kNotFound);
  ShareKeysMessage intruder{{"gbsg-logistic", 40, Step::kShareKeys, "site-c"}, {}};
  Status status = server().HandleShareKeys(intruder);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(status, "dropped out")) << status.message();
}

TEST_F(ServerTest, ShareKeysMustAddressEveryOtherSiteOnce) {
  Run(Step::kAdvertiseKeys);
  const ShareKeysMessage genuine =
      client("site-a").HandleKeyDirectory(server().KeyDirectoryFor("site-a").value()).value();
  ASSERT_EQ(genuine.shares.size(), 4u);
  auto code = [&](const ShareKeysMessage& m) { return server().HandleShareKeys(m).code(); };
  ShareKeysMessage m = genuine;
  m.shares.pop_back();
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.shares[0].ciphertext.pop_back();
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.shares[0].site_id = "site-a";
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.shares[1] = m.shares[0];
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.shares[1].site_id = "site-z";
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  ASSERT_TRUE(server().HandleShareKeys(genuine).ok());
  Run(Step::kShareKeys, {"site-a"});
  Run(Step::kMaskedInput);
  Run(Step::kUnmasking);
  ExpectSum(kSites);
}

TEST_F(ServerTest, WrongLengthAndSecondInputAreRefused) {
  Run(Step::kAdvertiseKeys);
  Run(Step::kShareKeys);
  ASSERT_TRUE(client("site-a").SetInput(Input(1)).ok());
  const MaskedInputMessage masked =
      client("site-a").HandleShareRelay(server().ShareRelayFor("site-a").value()).value();

  MaskedInputMessage wrong_length = masked;
  wrong_length.masked.pop_back();
  Status status = server().HandleMaskedInput(wrong_length);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(status, "site-a") && Contains(status, "words")) << status.message();
  wrong_length.masked.resize(params().masked_words() + 1);
  EXPECT_EQ(server().HandleMaskedInput(wrong_length).code(), StatusCode::kInvalidArgument);

  ASSERT_TRUE(server().HandleMaskedInput(masked).ok());
  MaskedInputMessage second = masked;
  second.masked[0] += 12345;
  status = server().HandleMaskedInput(second);
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(Contains(status, "site-a")) << status.message();
  EXPECT_EQ(server().HandleMaskedInput(masked).code(), StatusCode::kAlreadyExists);
  ASSERT_EQ(server().audit().masked_inputs.size(), 1u);

  Run(Step::kMaskedInput, {"site-a"});
  Run(Step::kUnmasking);
  ExpectSum(kSites);  // the first input counts, once
}

class ServerUnmaskingTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    Run(Step::kAdvertiseKeys);
    Run(Step::kShareKeys);
    Run(Step::kMaskedInput, {"site-e"});
    genuine_ = client("site-a")
                   .HandleUnmaskingRequest(server().UnmaskingRequestFor("site-a").value())
                   .value();
  }
  RevealedShare& ShareOf(UnmaskingResponseMessage& m, const std::string& site) {
    for (RevealedShare& share : m.shares) {
      if (share.site_id == site) return share;
    }
    ADD_FAILURE() << "no share of " << site;
    return m.shares[0];
  }
  UnmaskingResponseMessage genuine_;
};

TEST_F(ServerUnmaskingTest, NeverCollectsBothSecretsOfASite) {
  UnmaskingRequestMessage request = server().UnmaskingRequestFor("site-b").value();
  EXPECT_EQ(request.survivors, Without(kSites, {"site-e"}));
  EXPECT_EQ(request.dropped, std::vector<std::string>{"site-e"});

  UnmaskingResponseMessage m = genuine_;
  ShareOf(m, "site-b").kind = ShareKind::kMaskingKey;
  Status status = server().HandleUnmaskingResponse(m);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(Contains(status, "surviving site 'site-b'")) << status.message();
  m = genuine_;
  ShareOf(m, "site-e").kind = ShareKind::kMaskSeed;
  status = server().HandleUnmaskingResponse(m);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(Contains(status, "dropped site 'site-e'")) << status.message();
}

TEST_F(ServerUnmaskingTest, RefusesIncompleteOrMalformedResponses) {
  auto code = [&](const UnmaskingResponseMessage& m) {
    return server().HandleUnmaskingResponse(m).code();
  };
  UnmaskingResponseMessage m = genuine_;
  m.shares.pop_back();
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine_;
  m.shares.push_back(m.shares[0]);
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine_;
  m.shares[0].values[1] = kShamirPrime;
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine_;
  m.shares[0].site_id = "site-z";
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine_;
  m.header.site_id = "site-e";  // dropped in step 3
  EXPECT_EQ(code(m), StatusCode::kFailedPrecondition);

  ASSERT_TRUE(server().HandleUnmaskingResponse(genuine_).ok());
  EXPECT_EQ(code(genuine_), StatusCode::kAlreadyExists);
  Run(Step::kUnmasking, {"site-a"});
  ExpectSum(Without(kSites, {"site-e"}));
}

TEST_F(ServerUnmaskingTest, InconsistentSharesAbortTheRound) {
  UnmaskingResponseMessage m = genuine_;
  ShareOf(m, "site-b").values[0] = (ShareOf(m, "site-b").values[0] + 1) % kShamirPrime;
  ASSERT_TRUE(server().HandleUnmaskingResponse(m).ok());
  Status status = sim_->RunStep(Step::kUnmasking, {"site-a"});
  EXPECT_EQ(status.code(), StatusCode::kAborted);
  EXPECT_TRUE(Contains(status, "site-b")) << status.message();
  EXPECT_EQ(server().state(), ServerState::kAborted);
}

TEST_F(ServerUnmaskingTest, CorruptMaskingKeyShareIsDetectedEvenAtThreshold) {
  UnmaskingResponseMessage m = genuine_;
  ShareOf(m, "site-e").values[4] = (ShareOf(m, "site-e").values[4] + 1) % kShamirPrime;
  ASSERT_TRUE(server().HandleUnmaskingResponse(m).ok());
  // Exactly threshold (3) responses: no spare share, but the rebuilt key must match site-e's
  // advertised public key.
  Status status = sim_->RunStep(Step::kUnmasking, {"site-a", "site-b"});
  EXPECT_EQ(status.code(), StatusCode::kAborted);
  EXPECT_TRUE(Contains(status, "site-e")) << status.message();
}

TEST_F(ServerTest, MessageBuildersFollowTheState) {
  EXPECT_TRUE(server().Recipients().empty());
  EXPECT_EQ(server().KeyDirectoryFor("site-a").status().code(), StatusCode::kFailedPrecondition);
  Run(Step::kAdvertiseKeys, {"site-d"});
  EXPECT_EQ(server().Recipients(), Without(kSites, {"site-d"}));
  EXPECT_EQ(server().KeyDirectoryFor("site-d").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(server().KeyDirectoryFor("site-a").value().entries.size(), 4u);
  EXPECT_EQ(server().ShareRelayFor("site-a").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(server().UnmaskingRequestFor("site-a").status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(ServerTest, EngineAbortStopsTheRound) {
  Run(Step::kAdvertiseKeys);
  server().Abort("operator cancelled the study");
  EXPECT_EQ(server().state(), ServerState::kAborted);
  EXPECT_EQ(server().abort_reason(), "operator cancelled the study");
  EXPECT_EQ(server().CloseStep().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(server().AllExpectedReceived());
  server().Abort("twice");
  EXPECT_EQ(server().abort_reason(), "operator cancelled the study");
}

TEST_F(ServerTest, TwoSitesRunOnlyWithTheOverride) {
  RoundConfig config = Config({"site-a", "site-b"});
  EXPECT_EQ(RoundSimulator::Create(config, Input).status().code(), StatusCode::kInvalidArgument);
  config.allow_two_sites = true;
  Start(config);
  ASSERT_TRUE(sim_->RunRound().ok());
  ExpectSum({"site-a", "site-b"});
}

TEST(ServerCreateTest, RequiresAVerifier) {
  RoundParameters params = RoundParameters::Create(Config()).value();
  EXPECT_EQ(SecAggServer::Create(params, nullptr).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::secagg
