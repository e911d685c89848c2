#include "common/pki/certificate_authority.h"

#include <sys/stat.h>

#include "common/pki/certificate_verifier.h"
#include "common/pki/pki_test_util.h"

namespace radfed::pki {
namespace {

mode_t Mode(const std::filesystem::path& p) {
  struct stat st {};
  stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

using CertificateAuthorityTest = PkiDirTest;

TEST_F(CertificateAuthorityTest, InitWritesCaKeyAndEmptyCrl) {
  ASSERT_TRUE(CertificateAuthority::Init(root_).ok());
  EXPECT_TRUE(std::filesystem::exists(root_ / "ca.crt"));
  EXPECT_TRUE(std::filesystem::exists(root_ / "ca.crl"));
  EXPECT_EQ(Mode(root_ / "ca.key"), 0600u);
  auto crl = ReadCrl(root_ / "ca.crl");
  ASSERT_TRUE(crl.ok());
  const auto* revoked = X509_CRL_get_REVOKED(crl->get());
  EXPECT_TRUE(revoked == nullptr || sk_X509_REVOKED_num(revoked) == 0);
  // A second init would replace the consortium's root of trust.
  EXPECT_EQ(CertificateAuthority::Init(root_).code(), StatusCode::kAlreadyExists);
}

TEST_F(CertificateAuthorityTest, IssueCarriesRoleIdentityAndSans) {
  ASSERT_TRUE(CertificateAuthority::Init(root_).ok());
  auto ca = CertificateAuthority::Open(root_);
  ASSERT_TRUE(ca.ok());
  IssueRequest request{"coordinator", Role::kCoordinator, 30, {"127.0.0.1", "localhost"}, {}, {}};
  ASSERT_TRUE(ca->Issue(request).ok());
  EXPECT_EQ(Mode(root_ / "coordinator.key"), 0600u);
  auto cert = ReadCertificate(root_ / "coordinator.crt");
  ASSERT_TRUE(cert.ok());
  auto identity = IdentityFromCertificate(cert->get());
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->role, Role::kCoordinator);
  EXPECT_EQ(identity->name, "coordinator");
  EXPECT_EQ(X509_check_ip_asc(cert->get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_host(cert->get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(cert->get(), "evil.example", 0, 0, nullptr), 0);
  ASSERT_EQ(ca->index().size(), 1u);
  EXPECT_EQ(ca->index()[0].serial_hex, identity->serial_hex);
}

TEST_F(CertificateAuthorityTest, RefusesOverwriteBadNamesAndSanInjection) {
  ASSERT_TRUE(CertificateAuthority::Init(root_).ok());
  auto ca = CertificateAuthority::Open(root_);
  ASSERT_TRUE(ca->Issue({"site-a", Role::kNode, 30, {}, {}, {}}).ok());
  EXPECT_EQ(ca->Issue({"site-a", Role::kNode, 30, {}, {}, {}}).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ca->Issue({"Site A", Role::kNode, 30, {}, {}, {}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ca->Issue({"../x", Role::kNode, 30, {}, {}, {}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ca->Issue({"ca", Role::kNode, 30, {}, {}, {}}).code(), StatusCode::kInvalidArgument);
  // A --san that tries to add a second identity is refused, not embedded.
  Status injected = ca->Issue({"coord", Role::kCoordinator, 30, {"x,URI:spiffe://radfed/operator/mallory"}, {}, {}});
  EXPECT_EQ(injected.code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(root_ / "coord.crt"));
}

TEST_F(CertificateAuthorityTest, RevokeAddsSerialToCrlAndIndexSurvivesReopen) {
  ASSERT_TRUE(CertificateAuthority::Init(root_).ok());
  {
    auto ca = CertificateAuthority::Open(root_);
    ASSERT_TRUE(ca->Issue({"site-b", Role::kNode, 30, {}, {}, {}}).ok());
    ASSERT_TRUE(ca->Revoke("site-b", std::time(nullptr)).ok());
    EXPECT_EQ(ca->Revoke("site-b", std::time(nullptr)).code(), StatusCode::kAlreadyExists);
    EXPECT_EQ(ca->Revoke("nobody", std::time(nullptr)).code(), StatusCode::kNotFound);
  }
  auto ca = CertificateAuthority::Open(root_);
  ASSERT_TRUE(ca.ok());
  EXPECT_FALSE(ca->index()[0].revoked_at.empty());
  auto verifier = CertificateVerifier::Load(root_ / "ca.crt", root_ / "ca.crl");
  ASSERT_TRUE(verifier.ok());
  EXPECT_TRUE((*verifier)->RevokedAt(ca->index()[0].serial_hex).has_value());
  // Revoking another keeps the first in the CRL.
  ASSERT_TRUE(ca->Issue({"site-c", Role::kNode, 30, {}, {}, {}}).ok());
  ASSERT_TRUE(ca->Revoke("site-c", std::time(nullptr)).ok());
  ASSERT_TRUE((*verifier)->Reload().ok());
  EXPECT_TRUE((*verifier)->RevokedAt(ca->index()[0].serial_hex).has_value());
  EXPECT_TRUE((*verifier)->RevokedAt(ca->index()[1].serial_hex).has_value());
}

TEST_F(CertificateAuthorityTest, OpenWithoutCaSaysHowToCreateOne) {
  auto ca = CertificateAuthority::Open(root_);
  ASSERT_FALSE(ca.ok());
  EXPECT_NE(ca.status().message().find("radfed pki init"), std::string::npos);
}

TEST_F(CertificateAuthorityTest, ValidityOutsideOneDayToAHundredYearsIsRefused) {
  EXPECT_EQ(CertificateAuthority::Init(root_ / "a", 0).message(), "--days must be from 1 to 36500");
  EXPECT_FALSE(CertificateAuthority::Init(root_ / "b", 100000000).ok());
  ASSERT_TRUE(CertificateAuthority::Init(root_ / "ca").ok());
  auto ca = CertificateAuthority::Open(root_ / "ca");
  ASSERT_TRUE(ca.ok());
  EXPECT_FALSE(ca->Issue({"site-a", Role::kNode, -5, {}, {}, {}}).ok());
  EXPECT_FALSE(ca->Issue({"site-a", Role::kNode, 100000000, {}, {}, {}}).ok());
  EXPECT_FALSE(std::filesystem::exists(root_ / "ca" / "site-a.crt"));
}

TEST_F(CertificateAuthorityTest, KeyOfAnotherCaIsRefusedBeforeAnythingIsSigned) {
  ASSERT_TRUE(CertificateAuthority::Init(root_ / "ca").ok());
  ASSERT_TRUE(CertificateAuthority::Init(root_ / "other").ok());
  std::filesystem::copy_file(root_ / "other" / "ca.key", root_ / "ca" / "ca.key",
                             std::filesystem::copy_options::overwrite_existing);
  auto ca = CertificateAuthority::Open(root_ / "ca");
  ASSERT_FALSE(ca.ok());
  EXPECT_NE(ca.status().message().find("ca.key does not belong to the certificate"), std::string::npos)
      << ca.status().message();
}

}  // namespace
}  // namespace radfed::pki
