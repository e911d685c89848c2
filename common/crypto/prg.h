// Prg: the pseudorandom generator that expands a 32-byte seed into mask words.
//
// The stream is AES-256-CTR keystream under the seed with an all-zero initial counter block,
// read as little-endian 64-bit words. Each seed must key exactly one logical stream (secure
// aggregation derives a fresh seed per site pair and per round), so a fixed counter start is safe.
// Two Prg objects with the same seed produce the same words; that determinism is what lets the
// coordinator remove a dropped site's masks. Not thread-safe; one object per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "common/crypto/bytes.h"
#include "common/status.h"

namespace radfed::crypto {

inline constexpr size_t kPrgSeedSize = 32;

class Prg {
 public:
  // A generator positioned at the start of the stream for `seed` (exactly 32 bytes).
  static Result<Prg> Create(ByteView seed);

  // Overwrites `out` with the next out.size() words of the stream.
  Status Fill(std::span<uint64_t> out);
  // acc[i] += next word (mod 2^64), for every i.
  Status AddTo(std::span<uint64_t> acc);
  // acc[i] -= next word (mod 2^64), for every i.
  Status SubtractFrom(std::span<uint64_t> acc);

 private:
  struct CtxDeleter {
    void operator()(void* ctx) const;
  };
  explicit Prg(void* ctx) : ctx_(ctx) {}

  template <typename Combine>
  Status Stream(std::span<uint64_t> acc, Combine combine);

  std::unique_ptr<void, CtxDeleter> ctx_;  // EVP_CIPHER_CTX, wiped by OpenSSL on free
};

}  // namespace radfed::crypto
