#include "common/crypto/random.h"

#include <gtest/gtest.h>

#include <array>

namespace radfed::crypto {
namespace {

TEST(RandomTest, FillsWithDistinctValues) {
  std::array<uint8_t, 32> a{};
  std::array<uint8_t, 32> b{};
  ASSERT_TRUE(RandomBytes(a).ok());
  ASSERT_TRUE(RandomBytes(b).ok());
  EXPECT_NE(a, b);
  EXPECT_NE(a, (std::array<uint8_t, 32>{}));
}

TEST(RandomTest, SecretsHaveRequestedSizeAndDiffer) {
  Result<SecretBytes> a = RandomSecret(32);
  Result<SecretBytes> b = RandomSecret(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 32u);
  EXPECT_FALSE(std::equal(a->data(), a->data() + 32, b->data()));
  EXPECT_TRUE(RandomBytes({}).ok());
}

}  // namespace
}  // namespace radfed::crypto
