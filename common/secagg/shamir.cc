#include "common/secagg/shamir.h"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "common/crypto/random.h"

namespace radfed::secagg {
namespace {

__extension__ typedef unsigned __int128 Uint128;

constexpr uint64_t kP = kShamirPrime;

uint64_t Add(uint64_t a, uint64_t b) {
  uint64_t s = a + b;  // < 2^62, no wrap
  return s >= kP ? s - kP : s;
}

uint64_t Sub(uint64_t a, uint64_t b) { return a >= b ? a - b : a + kP - b; }

uint64_t Mul(uint64_t a, uint64_t b) {
  Uint128 product = static_cast<Uint128>(a) * b;
  // 2^61 = 1 (mod p): fold the high part onto the low 61 bits.
  uint64_t low = static_cast<uint64_t>(product) & kP;
  uint64_t high = static_cast<uint64_t>(product >> 61);
  return Add(low, high);
}

uint64_t Inverse(uint64_t a) {
  // Fermat: a^(p-2). Precondition a != 0 (points are distinct, so differences are non-zero).
  uint64_t result = 1;
  uint64_t base = a;
  for (uint64_t e = kP - 2; e != 0; e >>= 1) {
    if (e & 1) result = Mul(result, base);
    base = Mul(base, base);
  }
  return result;
}

uint64_t ChunkLimit(size_t chunk) {
  size_t bytes = std::min(kShamirChunkBytes, kShamirSecretSize - chunk * kShamirChunkBytes);
  return uint64_t{1} << (8 * bytes);
}

// Uniform field elements by rejection from 61-bit draws (only the value p itself is rejected).
Status RandomElements(std::span<uint64_t> out) {
  crypto::SecretBytes raw(out.size() * sizeof(uint64_t));
  size_t filled = 0;
  while (filled < out.size()) {
    RADFED_RETURN_IF_ERROR(crypto::PrivateRandomBytes(raw.span()));
    for (size_t i = 0; i < out.size() && filled < out.size(); ++i) {
      uint64_t word = 0;
      for (size_t b = 0; b < sizeof(uint64_t); ++b) {
        word |= uint64_t{raw.data()[i * sizeof(uint64_t) + b]} << (8 * b);
      }
      word &= kP;
      if (word != kP) out[filled++] = word;
    }
  }
  return Status::Ok();
}

Status CheckPoints(std::span<const uint32_t> points, std::string_view what) {
  std::unordered_set<uint32_t> seen;
  for (uint32_t x : points) {
    if (x == 0) return Status::InvalidArgument(std::string(what) + ": share point 0 is reserved");
    if (!seen.insert(x).second) {
      return Status::InvalidArgument(std::string(what) + ": share point " + std::to_string(x) +
                                     " appears twice");
    }
  }
  return Status::Ok();
}

// Barycentric weights w_i = 1 / prod_{j != i} (x_i - x_j) for the interpolation nodes.
std::vector<uint64_t> Weights(std::span<const uint64_t> xs) {
  std::vector<uint64_t> weights(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    uint64_t denominator = 1;
    for (size_t j = 0; j < xs.size(); ++j) {
      if (j != i) denominator = Mul(denominator, Sub(xs[i], xs[j]));
    }
    weights[i] = Inverse(denominator);
  }
  return weights;
}

// Lagrange basis values L_i(z) = w_i * prod_{j != i} (z - x_j), by prefix and suffix products.
std::vector<uint64_t> Basis(std::span<const uint64_t> xs, std::span<const uint64_t> weights,
                            uint64_t z) {
  size_t n = xs.size();
  std::vector<uint64_t> prefix(n + 1, 1);
  std::vector<uint64_t> suffix(n + 1, 1);
  for (size_t i = 0; i < n; ++i) prefix[i + 1] = Mul(prefix[i], Sub(z, xs[i]));
  for (size_t i = n; i > 0; --i) suffix[i - 1] = Mul(suffix[i], Sub(z, xs[i - 1]));
  std::vector<uint64_t> basis(n);
  for (size_t i = 0; i < n; ++i) basis[i] = Mul(weights[i], Mul(prefix[i], suffix[i + 1]));
  return basis;
}

}  // namespace

Result<std::vector<ShamirShare>> ShamirSplit(crypto::ByteView secret, uint32_t threshold,
                                             std::span<const uint32_t> points) {
  if (secret.size() != kShamirSecretSize) {
    return Status::InvalidArgument("Shamir split: secret must be 32 bytes, got " +
                                   std::to_string(secret.size()));
  }
  if (threshold == 0 || threshold > points.size()) {
    return Status::InvalidArgument("Shamir split: threshold " + std::to_string(threshold) +
                                   " outside 1.." + std::to_string(points.size()));
  }
  RADFED_RETURN_IF_ERROR(CheckPoints(points, "Shamir split"));

  // coefficients[c * threshold + k] is coefficient k of chunk c's polynomial.
  std::vector<uint64_t> coefficients(kShamirChunks * threshold);
  RADFED_RETURN_IF_ERROR(RandomElements(coefficients));
  for (size_t c = 0; c < kShamirChunks; ++c) {
    uint64_t chunk = 0;
    size_t begin = c * kShamirChunkBytes;
    size_t end = std::min(begin + kShamirChunkBytes, kShamirSecretSize);
    for (size_t b = begin; b < end; ++b) chunk |= uint64_t{secret[b]} << (8 * (b - begin));
    coefficients[c * threshold] = chunk;
  }

  std::vector<ShamirShare> shares(points.size());
  for (size_t s = 0; s < points.size(); ++s) {
    shares[s].x = points[s];
    for (size_t c = 0; c < kShamirChunks; ++c) {
      uint64_t value = 0;
      for (size_t k = threshold; k > 0; --k) {
        value = Add(Mul(value, points[s]), coefficients[c * threshold + k - 1]);
      }
      shares[s].y[c] = value;
    }
  }
  crypto::Cleanse(
      {reinterpret_cast<uint8_t*>(coefficients.data()), coefficients.size() * sizeof(uint64_t)});
  return shares;
}

Result<crypto::SecretBytes> ShamirReconstruct(std::span<const ShamirShare> shares,
                                              uint32_t threshold) {
  if (threshold == 0) return Status::InvalidArgument("Shamir reconstruct: threshold is 0");
  if (shares.size() < threshold) {
    return Status::FailedPrecondition("Shamir reconstruct: " + std::to_string(shares.size()) +
                                      " shares, need " + std::to_string(threshold));
  }
  std::vector<uint32_t> points;
  points.reserve(shares.size());
  for (const ShamirShare& share : shares) {
    points.push_back(share.x);
    for (uint64_t y : share.y) {
      if (y >= kP) {
        return Status::InvalidArgument("Shamir reconstruct: share at point " +
                                       std::to_string(share.x) +
                                       " holds a value outside the field");
      }
    }
  }
  RADFED_RETURN_IF_ERROR(CheckPoints(points, "Shamir reconstruct"));

  std::vector<uint64_t> xs(points.begin(), points.begin() + threshold);
  std::vector<uint64_t> weights = Weights(xs);
  std::vector<uint64_t> at_zero = Basis(xs, weights, 0);

  crypto::SecretBytes secret(kShamirSecretSize);
  for (size_t c = 0; c < kShamirChunks; ++c) {
    uint64_t chunk = 0;
    for (size_t i = 0; i < threshold; ++i) chunk = Add(chunk, Mul(at_zero[i], shares[i].y[c]));
    // A chunk outside its byte range means the shares do not come from one split of a secret.
    if (chunk >= ChunkLimit(c)) {
      return Status::DataLoss("Shamir reconstruct: shares are inconsistent (chunk " +
                              std::to_string(c) + " out of range)");
    }
    size_t begin = c * kShamirChunkBytes;
    size_t end = std::min(begin + kShamirChunkBytes, kShamirSecretSize);
    for (size_t b = begin; b < end; ++b) {
      secret.data()[b] = static_cast<uint8_t>(chunk >> (8 * (b - begin)));
    }
  }

  for (size_t e = threshold; e < shares.size(); ++e) {
    std::vector<uint64_t> basis = Basis(xs, weights, shares[e].x);
    for (size_t c = 0; c < kShamirChunks; ++c) {
      uint64_t expected = 0;
      for (size_t i = 0; i < threshold; ++i)
        expected = Add(expected, Mul(basis[i], shares[i].y[c]));
      if (expected != shares[e].y[c]) {
        return Status::DataLoss("Shamir reconstruct: share at point " +
                                std::to_string(shares[e].x) +
                                " does not lie on the polynomial of the other shares");
      }
    }
  }
  return secret;
}

}  // namespace radfed::secagg
