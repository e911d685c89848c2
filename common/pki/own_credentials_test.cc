#include "common/pki/own_credentials.h"

#include <fstream>

#include "common/pki/certificate_authority.h"
#include "common/pki/pki_test_util.h"

namespace radfed::pki {
namespace {

class OwnCredentialsTest : public PkiDirTest {
 protected:
  void SetUp() override {
    PkiDirTest::SetUp();
    ASSERT_TRUE(CertificateAuthority::Init(root_ / "ca").ok());
    ASSERT_TRUE(CertificateAuthority::Init(root_ / "other", 3650, "some other CA").ok());
  }
  void Issue(const std::string& dir, IssueRequest request) {
    ASSERT_TRUE(CertificateAuthority::Open(root_ / dir)->Issue(request).ok());
  }
  Result<PeerIdentity> Check(const std::filesystem::path& cert, const std::filesystem::path& key) {
    auto verifier = CertificateVerifier::Load(root_ / "ca" / "ca.crt", root_ / "ca" / "ca.crl");
    EXPECT_TRUE(verifier.ok());
    RADFED_ASSIGN_OR_RETURN(Signer signer, Signer::Load(key, cert));
    return CheckOwnCredentials(**verifier, signer, cert, std::time(nullptr));
  }
  std::filesystem::path File(const std::string& dir, const std::string& name) { return root_ / dir / name; }
};

TEST_F(OwnCredentialsTest, AcceptsMatchingValidPair) {
  Issue("ca", {"site-a", Role::kNode, 30, {}, {}, {}});
  auto identity = Check(File("ca", "site-a.crt"), File("ca", "site-a.key"));
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->name, "site-a");
  EXPECT_EQ(identity->role, Role::kNode);
}

TEST_F(OwnCredentialsTest, AnotherCertificatesKeyIsNamed) {
  Issue("ca", {"site-a", Role::kNode, 30, {}, {}, {}});
  Issue("ca", {"site-b", Role::kNode, 30, {}, {}, {}});
  auto identity = Check(File("ca", "site-a.crt"), File("ca", "site-b.key"));
  ASSERT_FALSE(identity.ok());
  EXPECT_NE(identity.status().message().find("site-b.key does not belong to the certificate"), std::string::npos)
      << identity.status().message();
}

TEST_F(OwnCredentialsTest, ExpiredRevokedAndForeignCertificatesAreNamed) {
  const std::time_t now = std::time(nullptr);
  Issue("ca", {"old", Role::kNode, 30, {}, now - 10 * 86400, now - 86400});
  auto expired = Check(File("ca", "old.crt"), File("ca", "old.key"));
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.status().message().find("old.crt: this process's own certificate is not usable"), std::string::npos);
  EXPECT_NE(expired.status().message().find("expired on"), std::string::npos) << expired.status().message();

  Issue("other", {"site-x", Role::kNode, 30, {}, {}, {}});
  EXPECT_NE(Check(File("other", "site-x.crt"), File("other", "site-x.key")).status().message().find("consortium CA"),
            std::string::npos);

  Issue("ca", {"gone", Role::kNode, 30, {}, {}, {}});
  ASSERT_TRUE(CertificateAuthority::Open(root_ / "ca")->Revoke("gone", std::time(nullptr) - 60).ok());
  EXPECT_NE(Check(File("ca", "gone.crt"), File("ca", "gone.key")).status().message().find("revoked"), std::string::npos);
}

TEST_F(OwnCredentialsTest, EmptyOrGarbageFilesAreNamed) {
  Issue("ca", {"site-a", Role::kNode, 30, {}, {}, {}});
  std::ofstream(root_ / "empty.crt").close();
  auto empty = Check(root_ / "empty.crt", File("ca", "site-a.key"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty.crt"), std::string::npos) << empty.status().message();
  std::ofstream(root_ / "garbage.key") << "not a key";
  auto garbage = Check(File("ca", "site-a.crt"), root_ / "garbage.key");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find("garbage.key"), std::string::npos) << garbage.status().message();
}

}  // namespace
}  // namespace radfed::pki
