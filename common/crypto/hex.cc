#include "common/crypto/hex.h"

#include <optional>

namespace radfed::crypto {
namespace {

std::optional<uint8_t> Nibble(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<uint8_t>(c - 'A' + 10);
  return std::nullopt;
}

}  // namespace

std::string ToHex(ByteView bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (uint8_t byte : bytes) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

Result<Bytes> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return Status::InvalidArgument("hex string has odd length " + std::to_string(hex.size()));
  }
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    std::optional<uint8_t> high = Nibble(hex[2 * i]);
    std::optional<uint8_t> low = Nibble(hex[2 * i + 1]);
    if (!high || !low) {
      return Status::InvalidArgument("hex string has a non-hex character near offset " +
                                     std::to_string(2 * i));
    }
    out[i] = static_cast<uint8_t>(*high << 4 | *low);
  }
  return out;
}

}  // namespace radfed::crypto
