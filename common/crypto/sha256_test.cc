#include "common/crypto/sha256.h"

#include <gtest/gtest.h>

#include <string_view>

namespace radfed::crypto {
namespace {

ByteView View(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

TEST(Sha256Test, KnownAnswers) {
  Result<Sha256Digest> empty = Sha256({});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(DigestHex(*empty), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Result<Sha256Digest> abc = Sha256(View("abc"));
  ASSERT_TRUE(abc.ok());
  EXPECT_EQ(DigestHex(*abc), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, IncrementalEqualsOneShot) {
  std::string_view text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Result<Sha256Hasher> hasher = Sha256Hasher::Create();
  ASSERT_TRUE(hasher.ok());
  ASSERT_TRUE(hasher->Update(View(text.substr(0, 10))).ok());
  ASSERT_TRUE(hasher->Update({}).ok());
  ASSERT_TRUE(hasher->Update(View(text.substr(10))).ok());
  Result<Sha256Digest> digest = hasher->Final();
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(DigestHex(*digest), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace radfed::crypto
