#include "common/crypto/hex.h"

#include <gtest/gtest.h>

namespace radfed::crypto {
namespace {

TEST(HexTest, RoundTripsAllByteValues) {
  Bytes all(256);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint8_t>(i);
  std::string hex = ToHex(all);
  EXPECT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(hex.substr(hex.size() - 4), "feff");
  Result<Bytes> back = FromHex(hex);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, all);
}

TEST(HexTest, AcceptsUpperCase) {
  Result<Bytes> bytes = FromHex("ABcd");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, (Bytes{0xab, 0xcd}));
}

TEST(HexTest, RejectsOddLengthAndNonHex) {
  EXPECT_EQ(FromHex("abc").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FromHex("zz").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FromHex("0 ").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::crypto
