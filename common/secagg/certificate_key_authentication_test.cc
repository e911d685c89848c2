#include "common/secagg/certificate_key_authentication.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "common/pki/certificate_authority.h"
#include "common/secagg/round_config_json.h"

namespace radfed::secagg {
namespace {

class CertificateKeyAuthenticationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("radfed-keyauth-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    ASSERT_TRUE(pki::CertificateAuthority::Init(dir_ / "ca").ok());
    ASSERT_TRUE(pki::CertificateAuthority::Init(dir_ / "other").ok());
    auto ca = pki::CertificateAuthority::Open(dir_ / "ca");
    ASSERT_TRUE(ca->Issue({"site-a", pki::Role::kNode, 30, {}, {}, {}}).ok());
    ASSERT_TRUE(ca->Issue({"op", pki::Role::kOperator, 30, {}, {}, {}}).ok());
    auto other = pki::CertificateAuthority::Open(dir_ / "other");
    ASSERT_TRUE(other->Issue({"site-a", pki::Role::kNode, 30, {}, {}, {}}).ok());
    verifier_ = std::move(*pki::CertificateVerifier::Load(dir_ / "ca" / "ca.crt", ""));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CertificateKeySigner SignerFor(const std::string& ca, const std::string& name) {
    return CertificateKeySigner(*pki::Signer::Load(dir_ / ca / (name + ".key"), dir_ / ca / (name + ".crt")));
  }

  std::filesystem::path dir_;
  std::unique_ptr<pki::CertificateVerifier> verifier_;
};

TEST_F(CertificateKeyAuthenticationTest, AcceptsTheSitesOwnSignatureOnly) {
  CertificateKeySigner signer = SignerFor("ca", "site-a");
  const crypto::Bytes message{1, 2, 3};
  auto signature = signer.Sign(message);
  ASSERT_TRUE(signature.ok());
  CertificateKeyVerifier verifier(verifier_.get());
  EXPECT_TRUE(verifier.Verify("site-a", signer.Certificate(), message, *signature).ok());
  // The same signature claimed for another site, or over other bytes, is refused.
  EXPECT_FALSE(verifier.Verify("site-b", signer.Certificate(), message, *signature).ok());
  EXPECT_FALSE(verifier.Verify("site-a", signer.Certificate(), crypto::Bytes{1, 2, 4}, *signature).ok());
  EXPECT_FALSE(verifier.Verify("site-a", {}, message, *signature).ok());
}

TEST_F(CertificateKeyAuthenticationTest, RefusesForeignCaAndNonNodeCertificates) {
  CertificateKeyVerifier verifier(verifier_.get());
  const crypto::Bytes message{9};
  CertificateKeySigner foreign = SignerFor("other", "site-a");
  Status s = verifier.Verify("site-a", foreign.Certificate(), message, *foreign.Sign(message));
  EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(s.message().find("not issued by the consortium CA"), std::string::npos) << s.message();
  CertificateKeySigner op = SignerFor("ca", "op");
  Status as_op = verifier.Verify("op", op.Certificate(), message, *op.Sign(message));
  EXPECT_NE(as_op.message().find("certificate of operator 'op'"), std::string::npos) << as_op.message();
}

TEST(RoundConfigJsonTest, RoundTripsAndRejectsMalformed) {
  RoundConfig c;
  c.study_id = "st-1";
  c.round_id = 7;
  c.sites = {"a", "b", "c"};
  c.threshold = 2;
  c.vector_length = 10;
  c.encoding.max_abs = 1e9;
  auto back = RoundConfigFromJson(nlohmann::json::parse(RoundConfigToJson(c).dump()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->sites, c.sites);
  EXPECT_EQ(back->encoding, c.encoding);
  EXPECT_EQ(back->round_id, 7u);
  EXPECT_EQ(RoundConfigFromJson(nlohmann::json{{"study_id", 3}}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::secagg
