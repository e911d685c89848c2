// Shamir secret sharing of 32-byte secrets over GF(p), p = 2^61 - 1.
//
// A 256-bit secret does not fit one element of this field, so it is cut into five chunks of at
// most 56 bits (7 bytes; the last chunk holds 4) and each chunk is shared with its own random
// polynomial of degree threshold-1, all evaluated at the same points. Shamir's scheme is
// information-theoretically secret for any field larger than the number of shares, so chunking
// loses nothing against a 256-bit prime, while GF(2^61-1) keeps every operation on machine words
// (one 64x64->128-bit multiply and a shift-add reduction) without a bignum library.
//
// Share points are the sites' 1-based positions in the round's site list. Thread-safe (no state).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/crypto/bytes.h"
#include "common/crypto/secret_bytes.h"
#include "common/status.h"

namespace radfed::secagg {

inline constexpr uint64_t kShamirPrime = (uint64_t{1} << 61) - 1;
inline constexpr size_t kShamirSecretSize = 32;
inline constexpr size_t kShamirChunkBytes = 7;
inline constexpr size_t kShamirChunks =
    (kShamirSecretSize + kShamirChunkBytes - 1) / kShamirChunkBytes;

// The field elements a share holds: one per chunk, each < kShamirPrime.
using ShamirValues = std::array<uint64_t, kShamirChunks>;

struct ShamirShare {
  uint32_t x = 0;    // evaluation point, never 0 (the secret sits at 0)
  ShamirValues y{};  // the chunk polynomials evaluated at x
};

// Splits `secret` (exactly 32 bytes) into one share per point in `points` (distinct, non-zero),
// such that any `threshold` shares reconstruct it and fewer reveal nothing.
// Requires 1 <= threshold <= points.size(). Coefficients come from the private DRBG and are
// wiped before returning.
Result<std::vector<ShamirShare>> ShamirSplit(crypto::ByteView secret, uint32_t threshold,
                                             std::span<const uint32_t> points);

// Rebuilds the secret from at least `threshold` shares with distinct non-zero points. The first
// `threshold` shares determine the polynomials; every further share must lie on them, otherwise
// DataLoss (some share was corrupted or belongs to another secret). Fewer than `threshold`
// shares: FailedPrecondition.
Result<crypto::SecretBytes> ShamirReconstruct(std::span<const ShamirShare> shares,
                                              uint32_t threshold);

}  // namespace radfed::secagg
