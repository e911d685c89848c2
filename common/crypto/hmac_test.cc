#include "common/crypto/hmac.h"

#include <gtest/gtest.h>

#include <string>

namespace radfed::crypto {
namespace {

ByteView View(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// RFC 4231, test cases 1 and 2.
TEST(HmacTest, MatchesRfc4231Vectors) {
  const std::string key1(20, '\x0b');
  auto mac1 = HmacSha256(View(key1), View("Hi There"));
  ASSERT_TRUE(mac1.ok());
  EXPECT_EQ(DigestHex(*mac1), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  auto mac2 = HmacSha256(View("Jefe"), View("what do ya want for nothing?"));
  ASSERT_TRUE(mac2.ok());
  EXPECT_EQ(DigestHex(*mac2), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacTest, DifferentKeysGiveUnrelatedMacs) {
  auto a = HmacSha256(View("site-a secret"), View("PAT1"));
  auto b = HmacSha256(View("site-b secret"), View("PAT1"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace radfed::crypto
