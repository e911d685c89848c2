#include "common/crypto/aes_gcm.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/crypto/hex.h"

namespace radfed::crypto {
namespace {

Bytes Hex(std::string_view hex) { return FromHex(hex).value(); }

// McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16 (AES-256, with AAD).
TEST(AesGcmTest, KnownAnswer) {
  Bytes key = Hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  Bytes plaintext =
      Hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
  Bytes aad = Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  Bytes nonce_bytes = Hex("cafebabefacedbaddecaf888");
  AesGcmNonce nonce{};
  std::copy(nonce_bytes.begin(), nonce_bytes.end(), nonce.begin());

  Result<Bytes> sealed = AesGcmSealWithNonce(key, nonce, plaintext, aad);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(ToHex(*sealed),
            "cafebabefacedbaddecaf888"
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
            "76fc6ece0f4e1768cddf8853bb2d551b");
  Result<SecretBytes> opened = AesGcmOpen(key, *sealed, aad);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(ToHex(opened->view()), ToHex(plaintext));
}

class AesGcmTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sealed_ = AesGcmSeal(key_, plaintext_, aad_).value();
    ASSERT_EQ(sealed_.size(), plaintext_.size() + kAesGcmOverhead);
  }
  Bytes key_ = Bytes(32, 7);
  Bytes plaintext_ = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  Bytes aad_ = {'s', 'i', 't', 'e'};
  Bytes sealed_;
};

TEST_F(AesGcmTamperTest, OpensUntouched) {
  Result<SecretBytes> opened = AesGcmOpen(key_, sealed_, aad_);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(ToHex(opened->view()), ToHex(plaintext_));
}

TEST_F(AesGcmTamperTest, DetectsEveryFlippedBit) {
  for (size_t byte = 0; byte < sealed_.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes tampered = sealed_;
      tampered[byte] ^= static_cast<uint8_t>(1 << bit);
      EXPECT_EQ(AesGcmOpen(key_, tampered, aad_).status().code(), StatusCode::kDataLoss)
          << "byte " << byte << " bit " << bit;
    }
  }
}

TEST_F(AesGcmTamperTest, DetectsWrongAssociatedDataKeyAndTruncation) {
  Bytes other_aad = {'s', 'i', 't', 'f'};
  EXPECT_EQ(AesGcmOpen(key_, sealed_, other_aad).status().code(), StatusCode::kDataLoss);
  Bytes other_key(32, 8);
  EXPECT_EQ(AesGcmOpen(other_key, sealed_, aad_).status().code(), StatusCode::kDataLoss);
  Bytes truncated(sealed_.begin(), sealed_.end() - 1);
  EXPECT_EQ(AesGcmOpen(key_, truncated, aad_).status().code(), StatusCode::kDataLoss);
  Bytes too_short(kAesGcmOverhead - 1, 0);
  EXPECT_EQ(AesGcmOpen(key_, too_short, aad_).status().code(), StatusCode::kDataLoss);
}

TEST(AesGcmTest, FreshNonceEachSeal) {
  Bytes key(32, 1);
  Bytes plaintext = {42};
  Result<Bytes> a = AesGcmSeal(key, plaintext, {});
  Result<Bytes> b = AesGcmSeal(key, plaintext, {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(AesGcmTest, RejectsWrongKeySize) {
  Bytes key(16, 1);
  EXPECT_EQ(AesGcmSeal(key, {}, {}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::crypto
