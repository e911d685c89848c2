// Byte containers shared by the crypto and secure-aggregation code.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace radfed::crypto {

// An owned byte string (public data: keys, ciphertexts, signatures, serialised messages).
using Bytes = std::vector<uint8_t>;

// A read-only view of bytes owned elsewhere; the owner must outlive the view.
using ByteView = std::span<const uint8_t>;

}  // namespace radfed::crypto
