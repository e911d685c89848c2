#include "common/crypto/hkdf.h"

#include <gtest/gtest.h>

#include "common/crypto/hex.h"

namespace radfed::crypto {
namespace {

Bytes Hex(std::string_view hex) { return FromHex(hex).value(); }

// RFC 5869, appendix A.1.
TEST(HkdfTest, Rfc5869TestCase1) {
  Bytes ikm(22, 0x0b);
  Bytes salt = Hex("000102030405060708090a0b0c");
  Bytes info = Hex("f0f1f2f3f4f5f6f7f8f9");
  Result<SecretBytes> okm = HkdfSha256(ikm, salt, info, 42);
  ASSERT_TRUE(okm.ok()) << okm.status().ToString();
  EXPECT_EQ(ToHex(okm->view()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

// RFC 5869, appendix A.3 (empty salt and info).
TEST(HkdfTest, Rfc5869TestCase3) {
  Bytes ikm(22, 0x0b);
  Result<SecretBytes> okm = HkdfSha256(ikm, {}, {}, 42);
  ASSERT_TRUE(okm.ok()) << okm.status().ToString();
  EXPECT_EQ(ToHex(okm->view()),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(HkdfTest, DifferentInfoGivesIndependentKeys) {
  Bytes ikm(32, 0x42);
  Bytes info_a = {'a'};
  Bytes info_b = {'b'};
  Result<SecretBytes> a = HkdfSha256(ikm, {}, info_a, 32);
  Result<SecretBytes> b = HkdfSha256(ikm, {}, info_b, 32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(ToHex(a->view()), ToHex(b->view()));
}

TEST(HkdfTest, RejectsBadLengths) {
  Bytes ikm(32, 1);
  EXPECT_EQ(HkdfSha256(ikm, {}, {}, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HkdfSha256(ikm, {}, {}, 255 * 32 + 1).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::crypto
