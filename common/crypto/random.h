// Cryptographically secure random bytes from OpenSSL's DRBG.
//
// Thread-safe (OpenSSL keeps per-thread DRBG state).
#pragma once

#include <cstdint>
#include <span>

#include "common/crypto/secret_bytes.h"
#include "common/status.h"

namespace radfed::crypto {

// Fills `out` with public random bytes (nonces). Fails only if the DRBG cannot be seeded.
Status RandomBytes(std::span<uint8_t> out);

// Fills `out` from the private DRBG, which OpenSSL keeps separate for key material.
Status PrivateRandomBytes(std::span<uint8_t> out);

// `size` bytes of fresh key material from the private DRBG.
Result<SecretBytes> RandomSecret(size_t size);

}  // namespace radfed::crypto
