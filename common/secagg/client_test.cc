#include "common/secagg/client.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/secagg/testing/round_checks.h"
#include "common/secagg/testing/round_simulator.h"

namespace radfed::secagg {
namespace {

using testing::RoundSimulator;
using testing::TestSiteKey;

const std::vector<std::string> kSites = {"site-a", "site-b", "site-c", "site-d"};

RoundConfig Config(uint64_t round_id = 12) {
  RoundConfig config;
  config.study_id = "study-x";
  config.round_id = round_id;
  config.sites = kSites;
  config.vector_length = 3;
  config.encoding =
      FixedPointSpec{.fraction_bits = 40, .max_abs = 1e6, .max_sites = 16, .limbs = 2};
  return config;
}

std::vector<double> Input(uint32_t index) { return {1.5 * index, -2.25 * index, 1e-6 * index}; }

bool Contains(const Status& status, std::string_view text) {
  return status.message().find(text) != std::string::npos;
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<RoundSimulator>> sim = RoundSimulator::Create(Config(), Input);
    ASSERT_TRUE(sim.ok()) << sim.status().ToString();
    sim_ = std::move(sim).value();
  }

  SecAggClient& a() { return sim_->client("site-a"); }
  SecAggServer& server() { return sim_->server(); }
  const RoundParameters& params() { return sim_->params(); }

  void Run(Step step, const std::set<std::string>& silent = {}) {
    Status status = sim_->RunStep(step, silent);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  void ExpectSum(const std::vector<std::string>& contributors) {
    Status status = testing::CheckRoundSum(*sim_, Input, contributors);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }

  std::unique_ptr<RoundSimulator> sim_;
};

TEST_F(ClientTest, HappyPathWalksEveryState) {
  EXPECT_EQ(a().state(), ClientState::kReady);
  Run(Step::kAdvertiseKeys);
  EXPECT_EQ(a().state(), ClientState::kAwaitingKeyDirectory);
  Run(Step::kShareKeys);
  EXPECT_EQ(a().state(), ClientState::kAwaitingShareRelay);
  EXPECT_FALSE(a().masked_input_digest().has_value());
  Run(Step::kMaskedInput);
  EXPECT_EQ(a().state(), ClientState::kAwaitingUnmaskingRequest);
  ASSERT_TRUE(a().masked_input_digest().has_value());
  EXPECT_EQ(server().audit().masked_inputs.at(0).site_id, "site-a");
  EXPECT_EQ(server().audit().masked_inputs.at(0).digest, *a().masked_input_digest());
  Run(Step::kUnmasking);
  EXPECT_EQ(a().state(), ClientState::kDone);
  ExpectSum(kSites);
}

TEST_F(ClientTest, AdvertisementIsSignedForThisRoundAndSentOnce) {
  Result<AdvertiseKeysMessage> ad = a().AdvertiseKeys();
  ASSERT_TRUE(ad.ok()) << ad.status().ToString();
  EXPECT_EQ(ad->header, (MessageHeader{"study-x", 12, Step::kAdvertiseKeys, "site-a"}));
  EXPECT_NE(ad->encryption_key, ad->masking_key);
  EXPECT_TRUE(sim_->pki()
                  .Verify("site-a", ad->certificate,
                          KeyAdvertisementPayload(params().digest(), *ad), ad->signature)
                  .ok());
  EXPECT_EQ(a().AdvertiseKeys().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(a().state(), ClientState::kAwaitingKeyDirectory);
}

TEST_F(ClientTest, OutOfOrderCallsAreRejectedWithoutEffect) {
  KeyDirectoryMessage directory{{"study-x", 12, Step::kShareKeys, "site-a"}, {}};
  Result<ShareKeysMessage> early = a().HandleKeyDirectory(directory);
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(early.status(), "site-a")) << early.status().message();
  EXPECT_EQ(
      a().HandleShareRelay({{"study-x", 12, Step::kMaskedInput, "site-a"}, {}}).status().code(),
      StatusCode::kFailedPrecondition);
  EXPECT_EQ(a().HandleUnmaskingRequest({{"study-x", 12, Step::kUnmasking, "site-a"}, {}, {}})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(a().state(), ClientState::kReady);
  ASSERT_TRUE(sim_->RunRound().ok());
  ExpectSum(kSites);
}

TEST_F(ClientTest, ForgedKeySignatureInDirectoryIsRejected) {
  Run(Step::kAdvertiseKeys);
  const KeyDirectoryMessage genuine = server().KeyDirectoryFor("site-a").value();
  ASSERT_EQ(genuine.entries.size(), 4u);
  ASSERT_EQ(genuine.entries[1].header.site_id, "site-b");

  // The coordinator substitutes its own masking key for site-b's.
  KeyDirectoryMessage swapped = genuine;
  swapped.entries[1].masking_key[0] ^= 1;
  Result<ShareKeysMessage> result = a().HandleKeyDirectory(swapped);
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(Contains(result.status(), "site-b")) << result.status().message();

  // ... and signs the substituted keys with a key of its own, with or without its certificate.
  std::unique_ptr<TestSiteKey> rogue = TestSiteKey::Generate().value();
  swapped.entries[1].signature =
      rogue->Sign(KeyAdvertisementPayload(params().digest(), swapped.entries[1])).value();
  EXPECT_EQ(a().HandleKeyDirectory(swapped).status().code(), StatusCode::kUnauthenticated);
  swapped.entries[1].certificate = rogue->Certificate();
  EXPECT_EQ(a().HandleKeyDirectory(swapped).status().code(), StatusCode::kUnauthenticated);

  EXPECT_EQ(a().state(), ClientState::kAwaitingKeyDirectory);
}

TEST_F(ClientTest, RejectedDirectoryLeavesTheClientUsable) {
  Run(Step::kAdvertiseKeys);
  KeyDirectoryMessage forged = server().KeyDirectoryFor("site-a").value();
  forged.entries[2].encryption_key[5] ^= 0x80;
  EXPECT_EQ(a().HandleKeyDirectory(forged).status().code(), StatusCode::kUnauthenticated);
  Run(Step::kShareKeys);
  Run(Step::kMaskedInput);
  Run(Step::kUnmasking);
  ExpectSum(kSites);
}

TEST_F(ClientTest, DirectoryReplayedFromAnEarlierRoundIsRejected) {
  Run(Step::kAdvertiseKeys);
  const KeyDirectoryMessage genuine = server().KeyDirectoryFor("site-a").value();

  KeyDirectoryMessage stale = genuine;
  stale.header.round_id = 11;
  Result<ShareKeysMessage> result = a().HandleKeyDirectory(stale);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(result.status(), "replayed")) << result.status().message();

  // site-b's genuine, correctly signed advertisement from round 11.
  RoundParameters previous = RoundParameters::Create(Config(11)).value();
  SecAggClient old_b =
      SecAggClient::Create(previous, "site-b", sim_->pki().SignerFor("site-b"), &sim_->pki())
          .value();
  AdvertiseKeysMessage old_ad = old_b.AdvertiseKeys().value();
  KeyDirectoryMessage replayed = genuine;
  replayed.entries[1] = old_ad;
  EXPECT_EQ(a().HandleKeyDirectory(replayed).status().code(), StatusCode::kInvalidArgument);
  // Relabelled as round 12, its signature no longer matches.
  replayed.entries[1].header.round_id = 12;
  EXPECT_EQ(a().HandleKeyDirectory(replayed).status().code(), StatusCode::kUnauthenticated);

  EXPECT_EQ(a().state(), ClientState::kAwaitingKeyDirectory);
  Run(Step::kShareKeys);
}

TEST_F(ClientTest, DirectoryWithWrongAddresseeStepOrMembersIsRejected) {
  Run(Step::kAdvertiseKeys);
  const KeyDirectoryMessage genuine = server().KeyDirectoryFor("site-a").value();
  auto code = [&](const KeyDirectoryMessage& m) {
    return a().HandleKeyDirectory(m).status().code();
  };

  KeyDirectoryMessage m = genuine;
  m.header.site_id = "site-b";
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.header.study_id = "other-study";
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.header.step = Step::kMaskedInput;
  EXPECT_EQ(code(m), StatusCode::kFailedPrecondition);
  m = genuine;
  m.entries[3].header.site_id = "site-z";
  EXPECT_EQ(code(m), StatusCode::kPermissionDenied);
  m = genuine;
  m.entries.push_back(genuine.entries[1]);
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.entries.erase(m.entries.begin());
  EXPECT_EQ(code(m), StatusCode::kFailedPrecondition);  // this site is missing
  m = genuine;
  m.entries[0].masking_key = genuine.entries[1].masking_key;
  EXPECT_EQ(code(m), StatusCode::kPermissionDenied);  // our own keys replaced
  m = genuine;
  m.entries.resize(2);  // 2 sites, threshold 3
  Result<ShareKeysMessage> below = a().HandleKeyDirectory(m);
  EXPECT_EQ(below.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(below.status(), "threshold")) << below.status().message();

  EXPECT_EQ(a().state(), ClientState::kAwaitingKeyDirectory);
  Result<ShareKeysMessage> shares = a().HandleKeyDirectory(genuine);
  ASSERT_TRUE(shares.ok()) << shares.status().ToString();
  EXPECT_EQ(shares->header, (MessageHeader{"study-x", 12, Step::kShareKeys, "site-a"}));
  ASSERT_EQ(shares->shares.size(), 3u);
  for (const EncryptedShares& entry : shares->shares) {
    EXPECT_NE(entry.site_id, "site-a");
    EXPECT_EQ(entry.ciphertext.size(), kShareCiphertextSize);
  }
}

TEST_F(ClientTest, ShareRelayNeedsInputAndAuthenticShares) {
  Run(Step::kAdvertiseKeys);
  Run(Step::kShareKeys);
  const ShareRelayMessage genuine = server().ShareRelayFor("site-a").value();
  ASSERT_EQ(genuine.shares.size(), 3u);
  auto code = [&](const ShareRelayMessage& m) { return a().HandleShareRelay(m).status().code(); };

  Result<MaskedInputMessage> no_input = a().HandleShareRelay(genuine);
  EXPECT_EQ(no_input.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(no_input.status(), "SetInput")) << no_input.status().message();
  ASSERT_TRUE(a().SetInput(Input(1)).ok());

  ShareRelayMessage m = genuine;
  m.shares[1].ciphertext[20] ^= 1;
  Result<MaskedInputMessage> tampered = a().HandleShareRelay(m);
  EXPECT_EQ(tampered.status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(Contains(tampered.status(), genuine.shares[1].site_id))
      << tampered.status().message();
  m = genuine;
  std::swap(m.shares[0].site_id, m.shares[1].site_id);  // redirected ciphertexts
  EXPECT_EQ(code(m), StatusCode::kDataLoss);
  m = genuine;
  m.shares[0].site_id = "site-z";
  EXPECT_EQ(code(m), StatusCode::kPermissionDenied);
  m = genuine;
  m.shares[0].site_id = "site-a";
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.shares.push_back(genuine.shares[0]);
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  m = genuine;
  m.shares.resize(1);  // with this site, 2 < threshold 3
  EXPECT_EQ(code(m), StatusCode::kFailedPrecondition);
  m = genuine;
  m.header.round_id = 13;
  EXPECT_EQ(code(m), StatusCode::kInvalidArgument);
  EXPECT_EQ(a().state(), ClientState::kAwaitingShareRelay);

  Result<MaskedInputMessage> masked = a().HandleShareRelay(genuine);
  ASSERT_TRUE(masked.ok()) << masked.status().ToString();
  EXPECT_EQ(masked->masked.size(), params().masked_words());
  EXPECT_EQ(a().SetInput(Input(1)).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(server().HandleMaskedInput(*masked).ok());
  Run(Step::kMaskedInput, {"site-a"});
  Run(Step::kUnmasking);
  ExpectSum(kSites);
}

TEST_F(ClientTest, MaskedInputHidesTheEncodedInput) {
  Run(Step::kAdvertiseKeys);
  Run(Step::kShareKeys);
  std::vector<double> x(3, 0.0);
  ASSERT_TRUE(a().SetInput(x).ok());
  Result<MaskedInputMessage> masked =
      a().HandleShareRelay(server().ShareRelayFor("site-a").value());
  ASSERT_TRUE(masked.ok());
  // The encoding of zeros is all-zero words; the masked words must not be.
  for (uint64_t word : masked->masked) EXPECT_NE(word, 0u);
}

TEST_F(ClientTest, SetInputRefusesBadValuesBeforeMasking) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  Status status = a().SetInput(std::vector<double>{1, nan, 2});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(status, "site-a") && Contains(status, "NaN")) << status.message();
  EXPECT_EQ(a().SetInput(std::vector<double>{1, 2, -inf}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(a().SetInput(std::vector<double>{1, 2e6, 3}).code(), StatusCode::kOutOfRange);
  EXPECT_EQ(a().SetInput(std::vector<double>{1, 2}).code(), StatusCode::kInvalidArgument);
  // Nothing was kept: the round still runs with the site's real input.
  ASSERT_TRUE(sim_->RunRound().ok());
  ExpectSum(kSites);
}

TEST_F(ClientTest, SetInputOnlyOnce) {
  ASSERT_TRUE(a().SetInput(Input(1)).ok());
  EXPECT_EQ(a().SetInput(Input(1)).code(), StatusCode::kFailedPrecondition);
}

class ClientUnmaskingTest : public ClientTest {
 protected:
  void SetUp() override {
    ClientTest::SetUp();
    Run(Step::kAdvertiseKeys);
    Run(Step::kShareKeys);
    Run(Step::kMaskedInput, {"site-d"});
    genuine_ = server().UnmaskingRequestFor("site-a").value();
  }
  StatusCode Code(const UnmaskingRequestMessage& m) {
    return a().HandleUnmaskingRequest(m).status().code();
  }
  UnmaskingRequestMessage genuine_;
};

TEST_F(ClientUnmaskingTest, RefusesToRevealBothSecretsOfASite) {
  ASSERT_EQ(genuine_.survivors, (std::vector<std::string>{"site-a", "site-b", "site-c"}));
  ASSERT_EQ(genuine_.dropped, (std::vector<std::string>{"site-d"}));
  UnmaskingRequestMessage both = genuine_;
  both.dropped.push_back("site-b");
  Result<UnmaskingResponseMessage> result = a().HandleUnmaskingRequest(both);
  EXPECT_EQ(result.status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(Contains(result.status(), "both") && Contains(result.status(), "site-b"))
      << result.status().message();
  EXPECT_EQ(a().state(), ClientState::kAwaitingUnmaskingRequest);
}

TEST_F(ClientUnmaskingTest, RefusesInconsistentRequests) {
  UnmaskingRequestMessage m = genuine_;
  m.survivors.erase(m.survivors.begin());
  m.dropped.push_back("site-a");  // this site sent its input: never reveal its masking key
  EXPECT_EQ(Code(m), StatusCode::kPermissionDenied);
  m = genuine_;
  m.dropped.clear();  // site-d not accounted for
  EXPECT_EQ(Code(m), StatusCode::kInvalidArgument);
  m = genuine_;
  m.survivors = {"site-a", "site-b"};
  m.dropped = {"site-c", "site-d"};  // 2 survivors < threshold 3
  EXPECT_EQ(Code(m), StatusCode::kFailedPrecondition);
  m = genuine_;
  m.dropped.push_back("site-z");
  EXPECT_EQ(Code(m), StatusCode::kInvalidArgument);
  m = genuine_;
  m.survivors.push_back("site-b");
  EXPECT_EQ(Code(m), StatusCode::kInvalidArgument);
  m = genuine_;
  m.header.step = Step::kMaskedInput;
  EXPECT_EQ(Code(m), StatusCode::kFailedPrecondition);
  m = genuine_;
  m.header.site_id = "site-b";
  EXPECT_EQ(Code(m), StatusCode::kInvalidArgument);
  EXPECT_EQ(a().state(), ClientState::kAwaitingUnmaskingRequest);
}

TEST_F(ClientUnmaskingTest, AnswersOnceWithTheRequestedShares) {
  Result<UnmaskingResponseMessage> response = a().HandleUnmaskingRequest(genuine_);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(a().state(), ClientState::kDone);
  ASSERT_EQ(response->shares.size(), 4u);
  for (const RevealedShare& share : response->shares) {
    EXPECT_EQ(share.kind, share.site_id == "site-d" ? ShareKind::kMaskingKey : ShareKind::kMaskSeed)
        << share.site_id;
  }
  // A second request (e.g. naming site-b as dropped after all) is never answered.
  UnmaskingRequestMessage second = genuine_;
  second.survivors = {"site-a", "site-c", "site-d"};
  second.dropped = {"site-b"};
  EXPECT_EQ(Code(second), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(genuine_), StatusCode::kFailedPrecondition);

  ASSERT_TRUE(server().HandleUnmaskingResponse(*response).ok());
  Run(Step::kUnmasking, {"site-a"});
  ExpectSum({"site-a", "site-b", "site-c"});
}

TEST_F(ClientTest, AbortStopsTheClient) {
  Run(Step::kAdvertiseKeys);
  a().Abort("deadline passed");
  EXPECT_EQ(a().state(), ClientState::kAborted);
  EXPECT_EQ(a().abort_reason(), "deadline passed");
  EXPECT_EQ(a().HandleKeyDirectory(server().KeyDirectoryFor("site-a").value()).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(a().SetInput(Input(1)).code(), StatusCode::kFailedPrecondition);
  a().Abort("again");
  EXPECT_EQ(a().abort_reason(), "deadline passed");
  // The other three carry on without site-a (it is dropped in step 2).
  Run(Step::kShareKeys, {"site-a"});
  Run(Step::kMaskedInput);
  Run(Step::kUnmasking);
  ExpectSum({"site-b", "site-c", "site-d"});
}

TEST(ClientCreateTest, ValidatesArguments) {
  RoundParameters params = RoundParameters::Create(Config()).value();
  std::unique_ptr<testing::TestPki> pki = testing::TestPki::Create(kSites).value();
  EXPECT_EQ(
      SecAggClient::Create(params, "site-z", pki->SignerFor("site-a"), pki.get()).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(SecAggClient::Create(params, "site-a", nullptr, pki.get()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      SecAggClient::Create(params, "site-a", pki->SignerFor("site-a"), nullptr).status().code(),
      StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::secagg
