#include "common/secagg/shamir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <numeric>
#include <random>

#include "common/crypto/hex.h"

namespace radfed::secagg {
namespace {

crypto::Bytes Secret(uint8_t fill_base) {
  crypto::Bytes secret(kShamirSecretSize);
  for (size_t i = 0; i < secret.size(); ++i) secret[i] = static_cast<uint8_t>(fill_base + 37 * i);
  return secret;
}

std::vector<uint32_t> Points(uint32_t n) {
  std::vector<uint32_t> points(n);
  std::iota(points.begin(), points.end(), 1);
  return points;
}

std::string Reconstructed(std::span<const ShamirShare> shares, uint32_t threshold) {
  Result<crypto::SecretBytes> secret = ShamirReconstruct(shares, threshold);
  if (!secret.ok()) return secret.status().ToString();
  return crypto::ToHex(secret->view());
}

TEST(ShamirTest, EverySubsetOfThresholdSharesReconstructs) {
  const uint32_t n = 7;
  const uint32_t t = 4;
  crypto::Bytes secret = Secret(11);
  Result<std::vector<ShamirShare>> shares = ShamirSplit(secret, t, Points(n));
  ASSERT_TRUE(shares.ok()) << shares.status().ToString();
  ASSERT_EQ(shares->size(), n);
  int subsets = 0;
  for (uint32_t mask = 0; mask < (1u << n); ++mask) {
    if (static_cast<uint32_t>(std::popcount(mask)) < t) continue;
    std::vector<ShamirShare> subset;
    for (uint32_t i = 0; i < n; ++i) {
      if (mask & (1u << i)) subset.push_back((*shares)[i]);
    }
    EXPECT_EQ(Reconstructed(subset, t), crypto::ToHex(secret)) << "subset mask " << mask;
    ++subsets;
  }
  EXPECT_EQ(subsets, 35 + 21 + 7 + 1);
}

TEST(ShamirTest, ThresholdMinusOneSharesDoNotReconstruct) {
  const uint32_t t = 5;
  crypto::Bytes secret = Secret(3);
  std::vector<ShamirShare> shares = ShamirSplit(secret, t, Points(9)).value();
  std::vector<ShamirShare> too_few(shares.begin(), shares.begin() + t - 1);
  EXPECT_EQ(ShamirReconstruct(too_few, t).status().code(), StatusCode::kFailedPrecondition);
  // Interpolating t-1 points of a degree t-1 polynomial gives an unrelated value.
  EXPECT_NE(Reconstructed(too_few, t - 1), crypto::ToHex(secret));
}

TEST(ShamirTest, ExtremeSecretsSurvive) {
  for (uint8_t fill : {uint8_t{0x00}, uint8_t{0xff}}) {
    crypto::Bytes secret(kShamirSecretSize, fill);
    std::vector<ShamirShare> shares = ShamirSplit(secret, 3, Points(5)).value();
    std::vector<ShamirShare> last(shares.end() - 3, shares.end());
    EXPECT_EQ(Reconstructed(last, 3), crypto::ToHex(secret));
  }
}

TEST(ShamirTest, RandomSubsetsOfLargeGroups) {
  std::mt19937_64 rng(20240601);
  for (int trial = 0; trial < 20; ++trial) {
    uint32_t n = 3 + static_cast<uint32_t>(rng() % 98);
    uint32_t t = 2 + static_cast<uint32_t>(rng() % (n - 1));
    crypto::Bytes secret(kShamirSecretSize);
    for (uint8_t& b : secret) b = static_cast<uint8_t>(rng());
    std::vector<ShamirShare> shares = ShamirSplit(secret, t, Points(n)).value();
    std::shuffle(shares.begin(), shares.end(), rng);
    size_t take = t + rng() % (n - t + 1);
    std::vector<ShamirShare> subset(shares.begin(), shares.begin() + take);
    EXPECT_EQ(Reconstructed(subset, t), crypto::ToHex(secret))
        << "trial " << trial << " n=" << n << " t=" << t << " shares=" << take;
  }
}

TEST(ShamirTest, SplitsAreRandomised) {
  crypto::Bytes secret = Secret(1);
  std::vector<ShamirShare> a = ShamirSplit(secret, 2, Points(3)).value();
  std::vector<ShamirShare> b = ShamirSplit(secret, 2, Points(3)).value();
  EXPECT_NE(a[0].y, b[0].y);
  for (const ShamirShare& share : a) {
    for (uint64_t y : share.y) EXPECT_LT(y, kShamirPrime);
  }
}

TEST(ShamirTest, InconsistentExtraShareIsDetected) {
  crypto::Bytes secret = Secret(5);
  std::vector<ShamirShare> shares = ShamirSplit(secret, 3, Points(6)).value();
  shares[4].y[2] = (shares[4].y[2] + 1) % kShamirPrime;
  Result<crypto::SecretBytes> result = ShamirReconstruct(shares, 3);
  EXPECT_EQ(result.status().code(), StatusCode::kDataLoss) << result.status().ToString();
}

TEST(ShamirTest, SharesOfDifferentSecretsDoNotMix) {
  std::vector<ShamirShare> a = ShamirSplit(Secret(1), 3, Points(5)).value();
  std::vector<ShamirShare> b = ShamirSplit(Secret(2), 3, Points(5)).value();
  std::vector<ShamirShare> mixed = {a[0], a[1], b[2], b[3]};
  EXPECT_FALSE(ShamirReconstruct(mixed, 3).ok());
}

TEST(ShamirTest, RejectsInvalidArguments) {
  crypto::Bytes secret = Secret(9);
  crypto::Bytes short_secret(31, 0);
  EXPECT_EQ(ShamirSplit(short_secret, 2, Points(3)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ShamirSplit(secret, 0, Points(3)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ShamirSplit(secret, 4, Points(3)).status().code(), StatusCode::kInvalidArgument);
  std::vector<uint32_t> duplicate = {1, 2, 2};
  EXPECT_EQ(ShamirSplit(secret, 2, duplicate).status().code(), StatusCode::kInvalidArgument);
  std::vector<uint32_t> zero = {0, 1, 2};
  EXPECT_EQ(ShamirSplit(secret, 2, zero).status().code(), StatusCode::kInvalidArgument);

  std::vector<ShamirShare> shares = ShamirSplit(secret, 2, Points(3)).value();
  EXPECT_EQ(ShamirReconstruct(shares, 0).status().code(), StatusCode::kInvalidArgument);
  std::vector<ShamirShare> same_point = {shares[0], shares[0]};
  EXPECT_EQ(ShamirReconstruct(same_point, 2).status().code(), StatusCode::kInvalidArgument);
  std::vector<ShamirShare> outside = shares;
  outside[1].y[0] = kShamirPrime;
  EXPECT_EQ(ShamirReconstruct(outside, 2).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::secagg
