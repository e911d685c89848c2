// HMAC-SHA-256 (RFC 2104), for keyed pseudonyms of case identifiers.
#pragma once

#include "common/crypto/bytes.h"
#include "common/crypto/sha256.h"
#include "common/status.h"

namespace radfed::crypto {

Result<Sha256Digest> HmacSha256(ByteView key, ByteView data);

}  // namespace radfed::crypto
