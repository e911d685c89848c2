#include "common/crypto/x25519.h"

#include <gtest/gtest.h>

#include "common/crypto/hex.h"

namespace radfed::crypto {
namespace {

Bytes Hex(std::string_view hex) { return FromHex(hex).value(); }

// RFC 7748, section 6.1.
TEST(X25519Test, Rfc7748KnownAnswer) {
  Result<X25519KeyPair> alice = X25519KeyPair::FromPrivateKey(
      Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  Result<X25519KeyPair> bob = X25519KeyPair::FromPrivateKey(
      Hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  ASSERT_TRUE(alice.ok() && bob.ok());
  EXPECT_EQ(ToHex(alice->public_key()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(ToHex(bob->public_key()),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  Result<SecretBytes> ab = alice->Agree(bob->public_key());
  Result<SecretBytes> ba = bob->Agree(alice->public_key());
  ASSERT_TRUE(ab.ok() && ba.ok());
  EXPECT_EQ(ToHex(ab->view()), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(ToHex(ba->view()), ToHex(ab->view()));
}

TEST(X25519Test, GeneratedPairsAgreeAndRebuildFromPrivateKey) {
  Result<X25519KeyPair> a = X25519KeyPair::Generate();
  Result<X25519KeyPair> b = X25519KeyPair::Generate();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->public_key(), b->public_key());
  Result<SecretBytes> ab = a->Agree(b->public_key());
  Result<SecretBytes> ba = b->Agree(a->public_key());
  ASSERT_TRUE(ab.ok() && ba.ok());
  EXPECT_EQ(ToHex(ab->view()), ToHex(ba->view()));

  Result<SecretBytes> private_key = a->PrivateKey();
  ASSERT_TRUE(private_key.ok());
  Result<X25519KeyPair> rebuilt = X25519KeyPair::FromPrivateKey(private_key->view());
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(rebuilt->public_key(), a->public_key());
}

TEST(X25519Test, RejectsLowOrderPeerKey) {
  Result<X25519KeyPair> a = X25519KeyPair::Generate();
  ASSERT_TRUE(a.ok());
  X25519PublicKey zero{};
  EXPECT_EQ(a->Agree(zero).status().code(), StatusCode::kInvalidArgument);
}

TEST(X25519Test, RejectsWrongPrivateKeyLength) {
  Bytes short_key(31, 1);
  EXPECT_EQ(X25519KeyPair::FromPrivateKey(short_key).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::crypto
