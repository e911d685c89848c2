#include "common/pki/certificate_verifier.h"

#include <fstream>

#include "common/pki/certificate_authority.h"
#include "common/pki/pki_test_util.h"

namespace radfed::pki {
namespace {

class CertificateVerifierTest : public PkiDirTest {
 protected:
  void SetUp() override {
    PkiDirTest::SetUp();
    ASSERT_TRUE(CertificateAuthority::Init(root_ / "ca").ok());
    ASSERT_TRUE(CertificateAuthority::Init(root_ / "other", 3650, "some other CA").ok());
  }
  std::string Issue(const std::string& dir, IssueRequest request) {
    auto ca = CertificateAuthority::Open(root_ / dir);
    EXPECT_TRUE(ca->Issue(request).ok());
    std::ifstream in(root_ / dir / (request.name + ".crt"));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::unique_ptr<CertificateVerifier> Verifier() {
    auto v = CertificateVerifier::Load(root_ / "ca" / "ca.crt", root_ / "ca" / "ca.crl");
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return std::move(*v);
  }
};

TEST_F(CertificateVerifierTest, AcceptsConsortiumCertificate) {
  const std::string pem = Issue("ca", {"site-a", Role::kNode, 30, {}, {}, {}});
  auto identity = Verifier()->Verify(pem, std::time(nullptr));
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->role, Role::kNode);
  EXPECT_EQ(identity->name, "site-a");
  EXPECT_EQ(identity->fingerprint.size(), 64u);
}

TEST_F(CertificateVerifierTest, RejectsCertificateFromAnotherCa) {
  const std::string pem = Issue("other", {"mallory", Role::kOperator, 30, {}, {}, {}});
  auto identity = Verifier()->Verify(pem, std::time(nullptr));
  ASSERT_FALSE(identity.ok());
  EXPECT_EQ(identity.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(identity.status().message().find("was not issued by the consortium CA"), std::string::npos);
  EXPECT_NE(identity.status().message().find("some other CA"), std::string::npos);
}

TEST_F(CertificateVerifierTest, RejectsExpiredAndNotYetValid) {
  const std::time_t now = std::time(nullptr);
  const std::string expired = Issue("ca", {"old", Role::kNode, 30, {}, now - 10 * 86400, now - 86400});
  const std::string future = Issue("ca", {"early", Role::kNode, 30, {}, now + 86400, now + 10 * 86400});
  auto v = Verifier();
  auto e = v->Verify(expired, now);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("expired on"), std::string::npos) << e.status().message();
  auto f = v->Verify(future, now);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("is not valid before"), std::string::npos) << f.status().message();
}

TEST_F(CertificateVerifierTest, RejectsRevokedAfterReload) {
  const std::string pem = Issue("ca", {"site-b", Role::kNode, 30, {}, {}, {}});
  auto v = Verifier();
  ASSERT_TRUE(v->Verify(pem, std::time(nullptr)).ok());
  auto ca = CertificateAuthority::Open(root_ / "ca");
  ASSERT_TRUE(ca->Revoke("site-b", std::time(nullptr)).ok());
  EXPECT_TRUE(v->Verify(pem, std::time(nullptr)).ok()) << "the old CRL stays until reloaded";
  ASSERT_TRUE(v->Reload().ok());
  auto revoked = v->Verify(pem, std::time(nullptr));
  ASSERT_FALSE(revoked.ok());
  EXPECT_NE(revoked.status().message().find("certificate of site-b (node, serial"), std::string::npos);
  EXPECT_NE(revoked.status().message().find("was revoked on"), std::string::npos);
}

TEST_F(CertificateVerifierTest, ACertificateAcceptedBeforeIsStillRefusedOnceExpired) {
  const std::time_t now = std::time(nullptr);
  const std::string pem = Issue("ca", {"site-c", Role::kNode, 30, {}, now - 86400, now + 86400});
  auto v = Verifier();
  ASSERT_TRUE(v->Verify(pem, now).ok());
  ASSERT_TRUE(v->Verify(pem, now).ok());  // remembered
  auto later = v->Verify(pem, now + 2 * 86400);
  ASSERT_FALSE(later.ok());
  EXPECT_NE(later.status().message().find("expired on"), std::string::npos) << later.status().message();
  auto earlier = v->Verify(pem, now - 2 * 86400);
  ASSERT_FALSE(earlier.ok());
  EXPECT_NE(earlier.status().message().find("is not valid before"), std::string::npos);
}

TEST_F(CertificateVerifierTest, AcceptReturnsTheParsedCertificateForSignatureChecks) {
  const std::string pem = Issue("ca", {"site-d", Role::kNode, 30, {}, {}, {}});
  auto v = Verifier();
  auto first = v->Accept(pem, std::time(nullptr));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ((*first)->identity.name, "site-d");
  EXPECT_EQ(SubjectName((*first)->certificate.get()), SubjectName(ParseCertificatePem(pem, "test")->get()));
  auto again = v->Accept(pem, std::time(nullptr));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->get(), again->get()) << "a certificate seen before is not checked again";
  ASSERT_TRUE(v->Reload().ok());
  auto reloaded = v->Accept(pem, std::time(nullptr));
  ASSERT_TRUE(reloaded.ok());
  EXPECT_NE(first->get(), reloaded->get()) << "a reload forgets what was accepted";
}

TEST_F(CertificateVerifierTest, CorruptOrForeignCrlKeepsThePreviousOne) {
  const std::string pem = Issue("ca", {"site-c", Role::kNode, 30, {}, {}, {}});
  auto v = Verifier();
  auto ca = CertificateAuthority::Open(root_ / "ca");
  ASSERT_TRUE(ca->Revoke("site-c", std::time(nullptr)).ok());
  ASSERT_TRUE(v->Reload().ok());
  std::ofstream(root_ / "ca" / "ca.crl") << "garbage";
  EXPECT_FALSE(v->Reload().ok());
  EXPECT_FALSE(v->Verify(pem, std::time(nullptr)).ok()) << "still revoked under the previous CRL";
  // A CRL signed by another CA (that would un-revoke everybody) is refused too.
  std::filesystem::copy_file(root_ / "other" / "ca.crl", root_ / "ca" / "ca.crl",
                             std::filesystem::copy_options::overwrite_existing);
  Status foreign = v->Reload();
  EXPECT_FALSE(foreign.ok());
  EXPECT_NE(foreign.message().find("not signed by the consortium CA"), std::string::npos);
  EXPECT_FALSE(v->Verify(pem, std::time(nullptr)).ok());
}

TEST_F(CertificateVerifierTest, GarbageAndCaCertificatesAreRejected) {
  auto v = Verifier();
  EXPECT_EQ(v->Verify("not a certificate", std::time(nullptr)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(v->Verify("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", std::time(nullptr)).status().code(),
            StatusCode::kInvalidArgument);
  std::ifstream in(root_ / "ca" / "ca.crt");
  const std::string ca_pem(std::istreambuf_iterator<char>(in), {});
  EXPECT_FALSE(v->Verify(ca_pem, std::time(nullptr)).ok());
}

}  // namespace
}  // namespace radfed::pki
