// SHA-256 digests (audit hashes of messages, configuration digests).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "common/crypto/bytes.h"
#include "common/status.h"

namespace radfed::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

// Lower-case hex of a digest, as written to audit logs.
std::string DigestHex(const Sha256Digest& digest);

// Incremental hashing of data that arrives in pieces. Not thread-safe.
class Sha256Hasher {
 public:
  // Fails only if OpenSSL cannot provide SHA-256 (e.g. a broken FIPS configuration).
  static Result<Sha256Hasher> Create();

  Status Update(ByteView data);
  // Precondition: Final has not been called yet. The hasher cannot be reused afterwards.
  Result<Sha256Digest> Final();

 private:
  struct CtxDeleter {
    void operator()(void* ctx) const;
  };
  explicit Sha256Hasher(void* ctx) : ctx_(ctx) {}

  std::unique_ptr<void, CtxDeleter> ctx_;
};

// The digest of one contiguous buffer.
Result<Sha256Digest> Sha256(ByteView data);

}  // namespace radfed::crypto
