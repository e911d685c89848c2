#include "common/crypto/secret_bytes.h"

#include <gtest/gtest.h>

#include <utility>

namespace radfed::crypto {
namespace {

TEST(SecretBytesTest, CopiesCloneAndMoves) {
  Bytes source = {1, 2, 3};
  SecretBytes secret(source);
  ASSERT_EQ(secret.size(), 3u);
  EXPECT_EQ(secret.data()[2], 3);

  SecretBytes clone = secret.Clone();
  clone.data()[0] = 9;
  EXPECT_EQ(secret.data()[0], 1);

  SecretBytes moved = std::move(secret);
  EXPECT_EQ(moved.size(), 3u);
  EXPECT_TRUE(secret.empty());  // NOLINT(bugprone-use-after-move): moves leave the source empty

  moved = std::move(clone);
  EXPECT_EQ(moved.data()[0], 9);
}

TEST(SecretBytesTest, CleanseZeroes) {
  Bytes buffer = {5, 6, 7};
  Cleanse(buffer);
  EXPECT_EQ(buffer, (Bytes{0, 0, 0}));
  SecretBytes zeros(4);
  EXPECT_EQ(zeros.data()[3], 0);
}

}  // namespace
}  // namespace radfed::crypto
