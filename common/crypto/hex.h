// Hexadecimal text for bytes (log lines, digests in audit records, test vectors).
#pragma once

#include <string>
#include <string_view>

#include "common/crypto/bytes.h"
#include "common/status.h"

namespace radfed::crypto {

// Lower-case hex, two characters per byte.
std::string ToHex(ByteView bytes);

// Parses hex (either case, no separators). InvalidArgument on odd length or a non-hex character.
Result<Bytes> FromHex(std::string_view hex);

}  // namespace radfed::crypto
