// Fixed-point encoding of real vectors into Z_2^64 words, so that masked sums of encodings decode
// to the exact sum of the (quantised) reals.
//
// A value v becomes the integer V = round(v * 2^fraction_bits), |V| <= M = ceil(max_abs *
// 2^fraction_bits). Two layouts are declared per vector:
//   * 1 limb: V as one two's-complement word. Exact while max_sites * M < 2^63.
//   * 2 limbs: V = H * 2^k + L with 0 <= L < 2^k (low word) and H signed (high word), where
//     k = 64 - bit_width(max_sites). Summing up to max_sites low words stays below 2^64, so no
//     carry is lost between limbs; the high words sum exactly while max_sites * ceil(M / 2^k) <
//     2^63, i.e. M < 2^(127 - 2 * bit_width(max_sites)); M is further capped at 2^100. For 1024
//     sites that is 100 bits of magnitude: 2^-48 (3.6e-15) resolution on values up to 1e12 with
//     18 bits to spare (see docs/security/secure-aggregation.md).
// Create() refuses specs whose sums could overflow, so DecodeSum of at most max_sites honest
// encodings is exact by construction; DecodeSum also rejects sums that no such set of encodings
// could produce (more contributors than declared, a limb beyond its bound), which is how a
// wrapped sum or an out-of-range contribution shows up.
//
// Immutable after Create(); thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/status.h"

namespace radfed::secagg {

struct FixedPointSpec {
  uint32_t fraction_bits = 48;  // resolution 2^-48 ~ 3.6e-15
  double max_abs = 1e12;        // every site's |value| must not exceed this
  uint32_t max_sites = 1024;    // the sum of up to this many site vectors decodes exactly
  uint32_t limbs = 2;           // 1 or 2 words per value

  friend bool operator==(const FixedPointSpec&, const FixedPointSpec&) = default;
};

class FixedPointCodec {
 public:
  // Validates `spec`: limbs 1 or 2, max_abs finite and > 0, 1 <= max_sites <= 2^20,
  // fraction_bits <= 96, resolution <= max_abs, M < 2^100, and the no-overflow conditions above.
  static Result<FixedPointCodec> Create(const FixedPointSpec& spec);

  const FixedPointSpec& spec() const { return spec_; }
  uint32_t words_per_value() const { return spec_.limbs; }
  // The quantisation step 2^-fraction_bits; each encoded value is within half of it.
  double resolution() const;
  // log2 of the spare room in the tightest signed accumulator when max_sites vectors are summed
  // (>= 0 for every accepted spec).
  double headroom_bits() const;

  // Encodes values into out (out.size() == values.size() * limbs; value i occupies words
  // [i * limbs, (i + 1) * limbs), low limb first). Refuses NaN, infinities (InvalidArgument) and
  // |value| > max_abs (OutOfRange), naming the element; `out` is then unspecified.
  Status Encode(std::span<const double> values, std::span<uint64_t> out) const;

  // Decodes the word-wise sum (mod 2^64) of `contributors` encodings. OutOfRange when
  // contributors is 0 or above max_sites, or when an element's limbs are outside the bounds that
  // `contributors` valid encodings respect (overflow or a contribution out of range).
  Result<std::vector<double>> DecodeSum(std::span<const uint64_t> words,
                                        uint32_t contributors) const;

 private:
  explicit FixedPointCodec(const FixedPointSpec& spec) : spec_(spec) {}

  FixedPointSpec spec_;
  uint32_t low_bits_ = 0;  // k, for 2 limbs
  // Bounds kept as doubles of exact integers below 2^100 (M) and 2^63 (high limb).
  double max_magnitude_ = 0;  // M
  uint64_t max_high_ = 0;     // ceil(M / 2^k) for 2 limbs, M for 1 limb
};

}  // namespace radfed::secagg
