// HKDF-SHA256 (RFC 5869): derives symmetric keys from X25519 shared secrets.
#pragma once

#include <cstddef>

#include "common/crypto/bytes.h"
#include "common/crypto/secret_bytes.h"
#include "common/status.h"

namespace radfed::crypto {

// Extract-then-expand: `length` bytes (1..8160) of key material from `ikm`, bound to `salt` and
// `info` (a domain-separation label; different labels give independent keys).
Result<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length);

}  // namespace radfed::crypto
