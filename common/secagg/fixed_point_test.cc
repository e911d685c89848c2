#include "common/secagg/fixed_point.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace radfed::secagg {
namespace {

__extension__ typedef __int128 Int128;

FixedPointCodec Codec(const FixedPointSpec& spec) {
  Result<FixedPointCodec> codec = FixedPointCodec::Create(spec);
  EXPECT_TRUE(codec.ok()) << codec.status().ToString();
  return std::move(codec).value();
}

std::vector<uint64_t> Encode(const FixedPointCodec& codec, const std::vector<double>& values) {
  std::vector<uint64_t> words(values.size() * codec.words_per_value());
  Status status = codec.Encode(values, words);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return words;
}

void AddInto(std::vector<uint64_t>& acc, const std::vector<uint64_t>& words) {
  if (acc.empty()) acc.assign(words.size(), 0);
  for (size_t i = 0; i < words.size(); ++i) acc[i] += words[i];
}

TEST(FixedPointTest, DefaultSpecMeetsThePrecisionBudget) {
  FixedPointCodec codec = Codec(FixedPointSpec{});
  EXPECT_EQ(codec.words_per_value(), 2u);
  EXPECT_LT(codec.resolution(), 1e-14);
  EXPECT_GE(codec.headroom_bits(), 10.0);
}

TEST(FixedPointTest, OneSiteRoundTripWithinHalfAStep) {
  for (uint32_t limbs : {1u, 2u}) {
    FixedPointSpec spec{.fraction_bits = limbs == 1 ? 30u : 48u,
                        .max_abs = limbs == 1 ? 1e6 : 1e12,
                        .max_sites = 100,
                        .limbs = limbs};
    FixedPointCodec codec = Codec(spec);
    std::vector<double> values = {0.0,  -0.0,       1e-6,        -1e-6,        0.5,
                                  -0.5, 123456.789, -98765.4321, spec.max_abs, -spec.max_abs};
    if (limbs == 2) values.insert(values.end(), {1e10, -1e10, 3.14159e11});
    Result<std::vector<double>> decoded = codec.DecodeSum(Encode(codec, values), 1);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    for (size_t i = 0; i < values.size(); ++i) {
      EXPECT_LE(std::fabs((*decoded)[i] - values[i]), codec.resolution() / 2)
          << "limbs " << limbs << " value " << values[i];
    }
  }
}

TEST(FixedPointTest, SumOfMaxSitesExtremesDecodesExactly) {
  for (uint32_t limbs : {1u, 2u}) {
    FixedPointSpec spec{.fraction_bits = limbs == 1 ? 20u : 48u,
                        .max_abs = limbs == 1 ? 1e6 : 1e12,
                        .max_sites = 1000,
                        .limbs = limbs};
    FixedPointCodec codec = Codec(spec);
    std::vector<double> extremes = {spec.max_abs, -spec.max_abs, 1e-3, -codec.resolution()};
    std::vector<uint64_t> sum;
    for (uint32_t site = 0; site < spec.max_sites; ++site) AddInto(sum, Encode(codec, extremes));
    Result<std::vector<double>> decoded = codec.DecodeSum(sum, spec.max_sites);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    for (size_t i = 0; i < extremes.size(); ++i) {
      Int128 quantised = static_cast<Int128>(
          std::nearbyint(std::ldexp(extremes[i], static_cast<int>(spec.fraction_bits))));
      double expected = std::ldexp(static_cast<double>(quantised * spec.max_sites),
                                   -static_cast<int>(spec.fraction_bits));
      EXPECT_EQ((*decoded)[i], expected) << "limbs " << limbs << " element " << i;
    }
  }
}

TEST(FixedPointTest, RandomSignedSumsAreExact) {
  std::mt19937_64 rng(7);
  FixedPointSpec spec{.fraction_bits = 44, .max_abs = 1e10, .max_sites = 50, .limbs = 2};
  FixedPointCodec codec = Codec(spec);
  std::uniform_real_distribution<double> wide(-spec.max_abs, spec.max_abs);
  std::uniform_real_distribution<double> narrow(-1e-4, 1e-4);
  const size_t d = 64;
  std::vector<uint64_t> sum;
  std::vector<Int128> exact(d, 0);
  for (uint32_t site = 0; site < spec.max_sites; ++site) {
    std::vector<double> values(d);
    for (size_t i = 0; i < d; ++i) values[i] = i % 2 ? wide(rng) : narrow(rng);
    for (size_t i = 0; i < d; ++i) {
      exact[i] += static_cast<Int128>(std::nearbyint(std::ldexp(values[i], 44)));
    }
    AddInto(sum, Encode(codec, values));
  }
  std::vector<double> decoded = codec.DecodeSum(sum, spec.max_sites).value();
  for (size_t i = 0; i < d; ++i) {
    EXPECT_EQ(decoded[i], std::ldexp(static_cast<double>(exact[i]), -44)) << "element " << i;
  }
}

TEST(FixedPointTest, RefusesNonFiniteAndOutOfRangeValues) {
  FixedPointCodec codec = Codec(FixedPointSpec{.max_abs = 100});
  std::vector<uint64_t> out(2 * 3);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  Status status = codec.Encode(std::vector<double>{1, nan, 2}, out);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("element 1 is NaN"), std::string::npos) << status.message();
  EXPECT_EQ(codec.Encode(std::vector<double>{inf, 0, 0}, out).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(codec.Encode(std::vector<double>{0, 0, -inf}, out).code(),
            StatusCode::kInvalidArgument);
  status = codec.Encode(std::vector<double>{0, 100.0000001, 0}, out);
  EXPECT_EQ(status.code(), StatusCode::kOutOfRange);
  EXPECT_NE(status.message().find("element 1"), std::string::npos) << status.message();
  EXPECT_EQ(codec.Encode(std::vector<double>{0, 0}, out).code(), StatusCode::kInvalidArgument);
}

TEST(FixedPointTest, RefusesSpecsThatCouldOverflow) {
  auto code = [](FixedPointSpec spec) { return FixedPointCodec::Create(spec).status().code(); };
  EXPECT_EQ(code({.limbs = 3}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({.limbs = 0}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({.max_abs = 0}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({.max_abs = std::numeric_limits<double>::quiet_NaN()}),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(code({.max_abs = std::numeric_limits<double>::infinity()}),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(code({.max_sites = 0}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({.fraction_bits = 97}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({.fraction_bits = 0, .max_abs = 0.25}), StatusCode::kInvalidArgument);
  // 1e12 at 2^-48 needs 88 bits: too much for one limb.
  EXPECT_EQ(code({.fraction_bits = 48, .max_abs = 1e12, .max_sites = 10, .limbs = 1}),
            StatusCode::kInvalidArgument);
  // Magnitudes are capped at 2^100.
  EXPECT_EQ(code({.fraction_bits = 64, .max_abs = 1e12, .max_sites = 1024, .limbs = 2}),
            StatusCode::kInvalidArgument);
  // 2^99 fits the cap, but 2^20 sites leave 43 low bits and the high limbs would overflow.
  EXPECT_EQ(
      code({.fraction_bits = 60, .max_abs = std::ldexp(1.0, 39), .max_sites = 1 << 20, .limbs = 2}),
      StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      FixedPointCodec::Create({.fraction_bits = 56, .max_abs = 1e12, .max_sites = 1024, .limbs = 2})
          .ok());
}

TEST(FixedPointTest, DecoderDetectsOverflowAndContributorMismatch) {
  for (uint32_t limbs : {1u, 2u}) {
    FixedPointSpec spec{.fraction_bits = 20, .max_abs = 1000, .max_sites = 4, .limbs = limbs};
    FixedPointCodec codec = Codec(spec);
    std::vector<uint64_t> one = Encode(codec, {1000, -1000});
    std::vector<uint64_t> sum;
    AddInto(sum, one);
    AddInto(sum, one);
    EXPECT_TRUE(codec.DecodeSum(sum, 2).ok());
    // Two maximal contributions cannot come from one in-range site.
    EXPECT_EQ(codec.DecodeSum(sum, 1).status().code(), StatusCode::kOutOfRange) << limbs;
    EXPECT_EQ(codec.DecodeSum(sum, 0).status().code(), StatusCode::kOutOfRange);
    EXPECT_EQ(codec.DecodeSum(sum, 5).status().code(), StatusCode::kOutOfRange);
    // A wrapped accumulator: far beyond what 4 sites can sum to.
    std::vector<uint64_t> wrapped(sum.size(), uint64_t{1} << 62);
    EXPECT_EQ(codec.DecodeSum(wrapped, 4).status().code(), StatusCode::kOutOfRange) << limbs;
  }
  FixedPointCodec two = Codec(FixedPointSpec{});
  std::vector<uint64_t> odd(3, 0);
  EXPECT_EQ(two.DecodeSum(odd, 1).status().code(), StatusCode::kInvalidArgument);
}

TEST(FixedPointTest, TwoLimbLayoutKeepsLowLimbBounded) {
  FixedPointSpec spec{.fraction_bits = 48, .max_abs = 1e12, .max_sites = 1024, .limbs = 2};
  FixedPointCodec codec = Codec(spec);
  std::vector<uint64_t> words = Encode(codec, {-codec.resolution(), codec.resolution()});
  // k = 64 - bit_width(1024) = 53 low bits; -1 unit is (H = -1, L = 2^53 - 1).
  EXPECT_EQ(words[0], (uint64_t{1} << 53) - 1);
  EXPECT_EQ(words[1], ~uint64_t{0});
  EXPECT_EQ(words[2], 1u);
  EXPECT_EQ(words[3], 0u);
}

}  // namespace
}  // namespace radfed::secagg
