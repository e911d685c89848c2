// AES-256-GCM authenticated encryption with associated data.
//
// Sealed format: 12-byte nonce || ciphertext || 16-byte tag. Thread-safe (no shared state).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "common/crypto/bytes.h"
#include "common/crypto/secret_bytes.h"
#include "common/status.h"

namespace radfed::crypto {

inline constexpr size_t kAesGcmKeySize = 32;
inline constexpr size_t kAesGcmNonceSize = 12;
inline constexpr size_t kAesGcmTagSize = 16;
inline constexpr size_t kAesGcmOverhead = kAesGcmNonceSize + kAesGcmTagSize;

using AesGcmNonce = std::array<uint8_t, kAesGcmNonceSize>;

// Encrypts `plaintext` under `key` (32 bytes) with a fresh random nonce. Random 96-bit nonces are
// safe for the few messages secure aggregation seals under one key (two per pairwise key).
Result<Bytes> AesGcmSeal(ByteView key, ByteView plaintext, ByteView associated_data);

// As AesGcmSeal with a caller-chosen nonce. The caller must never reuse a nonce under one key.
Result<Bytes> AesGcmSealWithNonce(ByteView key, const AesGcmNonce& nonce, ByteView plaintext,
                                  ByteView associated_data);

// Decrypts a sealed message. Returns DataLoss when the tag does not verify (tampered ciphertext,
// wrong key or wrong associated data); no plaintext is released in that case.
Result<SecretBytes> AesGcmOpen(ByteView key, ByteView sealed, ByteView associated_data);

}  // namespace radfed::crypto
