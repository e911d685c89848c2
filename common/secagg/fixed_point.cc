#include "common/secagg/fixed_point.h"

#include <bit>
#include <cmath>
#include <sstream>
#include <string>

namespace radfed::secagg {
namespace {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 Uint128;

constexpr uint64_t kInt64Max = ~uint64_t{0} >> 1;
constexpr uint32_t kMaxSitesLimit = uint32_t{1} << 20;
constexpr uint32_t kMaxFractionBits = 96;

Int128 Abs(Int128 v) { return v < 0 ? -v : v; }

std::string Num(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

}  // namespace

Result<FixedPointCodec> FixedPointCodec::Create(const FixedPointSpec& spec) {
  const std::string where = "fixed-point spec: ";
  if (spec.limbs != 1 && spec.limbs != 2) {
    return Status::InvalidArgument(where + "limbs must be 1 or 2, got " +
                                   std::to_string(spec.limbs));
  }
  if (!std::isfinite(spec.max_abs) || spec.max_abs <= 0) {
    return Status::InvalidArgument(where + "max_abs must be finite and positive, got " +
                                   Num(spec.max_abs));
  }
  if (spec.max_sites == 0 || spec.max_sites > kMaxSitesLimit) {
    return Status::InvalidArgument(where + "max_sites must be in 1.." +
                                   std::to_string(kMaxSitesLimit) + ", got " +
                                   std::to_string(spec.max_sites));
  }
  if (spec.fraction_bits > kMaxFractionBits) {
    return Status::InvalidArgument(where + "fraction_bits must be at most " +
                                   std::to_string(kMaxFractionBits) + ", got " +
                                   std::to_string(spec.fraction_bits));
  }
  double scaled_max = std::ldexp(spec.max_abs, static_cast<int>(spec.fraction_bits));
  double magnitude = std::ceil(scaled_max);
  if (scaled_max < 1) {
    return Status::InvalidArgument(where + "max_abs " + Num(spec.max_abs) +
                                   " is below the resolution 2^-" +
                                   std::to_string(spec.fraction_bits));
  }
  if (magnitude >= std::ldexp(1.0, 100)) {
    return Status::InvalidArgument(where + "max_abs * 2^fraction_bits must stay below 2^100");
  }

  FixedPointCodec codec(spec);
  codec.max_magnitude_ = magnitude;
  Int128 m = static_cast<Int128>(magnitude);
  Uint128 high;
  if (spec.limbs == 1) {
    high = static_cast<Uint128>(m);
  } else {
    codec.low_bits_ = 64 - static_cast<uint32_t>(std::bit_width(spec.max_sites));
    Int128 unit = Int128{1} << codec.low_bits_;
    high = static_cast<Uint128>((m + unit - 1) / unit);
  }
  if (high * spec.max_sites > kInt64Max) {
    return Status::InvalidArgument(
        where + "the sum of " + std::to_string(spec.max_sites) + " values of magnitude " +
        Num(spec.max_abs) + " at 2^-" + std::to_string(spec.fraction_bits) +
        " resolution does not fit " + std::to_string(spec.limbs) +
        (spec.limbs == 1 ? " limb; use 2 limbs or fewer fraction bits"
                         : " limbs; lower max_abs, fraction_bits or max_sites"));
  }
  codec.max_high_ = static_cast<uint64_t>(high);
  return codec;
}

double FixedPointCodec::resolution() const {
  return std::ldexp(1.0, -static_cast<int>(spec_.fraction_bits));
}

double FixedPointCodec::headroom_bits() const {
  return std::log2(static_cast<double>(kInt64Max)) -
         std::log2(static_cast<double>(max_high_) * spec_.max_sites);
}

Status FixedPointCodec::Encode(std::span<const double> values, std::span<uint64_t> out) const {
  if (out.size() != values.size() * spec_.limbs) {
    return Status::InvalidArgument("fixed-point encode: output holds " +
                                   std::to_string(out.size()) + " words, need " +
                                   std::to_string(values.size() * spec_.limbs));
  }
  const int shift = static_cast<int>(spec_.fraction_bits);
  for (size_t i = 0; i < values.size(); ++i) {
    double v = values[i];
    if (std::isnan(v)) {
      return Status::InvalidArgument("fixed-point encode: element " + std::to_string(i) +
                                     " is NaN");
    }
    if (std::isinf(v)) {
      return Status::InvalidArgument("fixed-point encode: element " + std::to_string(i) +
                                     " is infinite");
    }
    if (std::fabs(v) > spec_.max_abs) {
      return Status::OutOfRange("fixed-point encode: element " + std::to_string(i) + " = " +
                                Num(v) + " exceeds the declared max |value| " + Num(spec_.max_abs));
    }
    // Exact: scaling by a power of two, then rounding to an integer below 2^100.
    Int128 scaled = static_cast<Int128>(std::nearbyint(std::ldexp(v, shift)));
    if (spec_.limbs == 1) {
      out[i] = static_cast<uint64_t>(static_cast<int64_t>(scaled));
    } else {
      Int128 low_mask = (Int128{1} << low_bits_) - 1;
      out[2 * i] = static_cast<uint64_t>(scaled & low_mask);
      out[2 * i + 1] = static_cast<uint64_t>(static_cast<int64_t>(scaled >> low_bits_));
    }
  }
  return Status::Ok();
}

Result<std::vector<double>> FixedPointCodec::DecodeSum(std::span<const uint64_t> words,
                                                       uint32_t contributors) const {
  if (contributors == 0 || contributors > spec_.max_sites) {
    return Status::OutOfRange("fixed-point decode: " + std::to_string(contributors) +
                              " contributors, the encoding is declared for 1.." +
                              std::to_string(spec_.max_sites));
  }
  if (words.size() % spec_.limbs != 0) {
    return Status::InvalidArgument("fixed-point decode: " + std::to_string(words.size()) +
                                   " words is not a multiple of " + std::to_string(spec_.limbs) +
                                   " limbs");
  }
  const Int128 total_bound = static_cast<Int128>(max_magnitude_) * contributors;
  const Int128 high_bound = static_cast<Int128>(max_high_) * contributors;
  const Uint128 low_bound = ((Uint128{1} << low_bits_) - 1) * contributors;
  const int shift = static_cast<int>(spec_.fraction_bits);

  std::vector<double> out(words.size() / spec_.limbs);
  for (size_t i = 0; i < out.size(); ++i) {
    Int128 total;
    if (spec_.limbs == 1) {
      total = static_cast<int64_t>(words[i]);
    } else {
      uint64_t low = words[2 * i];
      Int128 high = static_cast<int64_t>(words[2 * i + 1]);
      if (low > low_bound || Abs(high) > high_bound) {
        return Status::OutOfRange("fixed-point decode: element " + std::to_string(i) +
                                  ": a limb exceeds what " + std::to_string(contributors) +
                                  " in-range contributions can sum to (overflow)");
      }
      total = high * (Int128{1} << low_bits_) + low;
    }
    if (Abs(total) > total_bound) {
      return Status::OutOfRange("fixed-point decode: element " + std::to_string(i) +
                                ": the sum exceeds " + std::to_string(contributors) +
                                " x max |value| " + Num(spec_.max_abs) + " (overflow)");
    }
    out[i] = std::ldexp(static_cast<double>(total), -shift);
  }
  return out;
}

}  // namespace radfed::secagg
