#include "common/pki/signer.h"

#include "common/pki/certificate_authority.h"
#include "common/pki/pki_test_util.h"

namespace radfed::pki {
namespace {

using SignerTest = PkiDirTest;

TEST_F(SignerTest, SignAndVerify) {
  ASSERT_TRUE(CertificateAuthority::Init(root_).ok());
  auto ca = CertificateAuthority::Open(root_);
  ASSERT_TRUE(ca->Issue({"coordinator", Role::kCoordinator, 30, {}, {}, {}}).ok());
  ASSERT_TRUE(ca->Issue({"site-a", Role::kNode, 30, {}, {}, {}}).ok());
  auto signer = Signer::Load(root_ / "coordinator.key", root_ / "coordinator.crt");
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  auto sig = signer->Sign("entry 1");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifySignature(signer->certificate_pem(), "entry 1", *sig).ok());
  EXPECT_FALSE(VerifySignature(signer->certificate_pem(), "entry 2", *sig).ok());
  std::string flipped = *sig;
  flipped[flipped.size() / 2] ^= 1;
  EXPECT_FALSE(VerifySignature(signer->certificate_pem(), "entry 1", flipped).ok());
  auto other = Signer::Load(root_ / "site-a.key", root_ / "site-a.crt");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(VerifySignature(other->certificate_pem(), "entry 1", *sig).ok());
}

TEST_F(SignerTest, KeyMustMatchCertificate) {
  ASSERT_TRUE(CertificateAuthority::Init(root_).ok());
  auto ca = CertificateAuthority::Open(root_);
  ASSERT_TRUE(ca->Issue({"a", Role::kNode, 30, {}, {}, {}}).ok());
  ASSERT_TRUE(ca->Issue({"b", Role::kNode, 30, {}, {}, {}}).ok());
  auto mismatched = Signer::Load(root_ / "a.key", root_ / "b.crt");
  ASSERT_FALSE(mismatched.ok());
  EXPECT_NE(mismatched.status().message().find("does not belong to"), std::string::npos);
}

TEST(Sha256Test, KnownAnswer) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace radfed::pki
