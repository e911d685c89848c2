// Canonical little-endian byte encoding used by every secure-aggregation message.
//
// Integers are fixed-width little-endian; strings carry a u16 length, blobs a u32 length, word
// vectors a u32 count. One value has exactly one encoding, so serialised messages can be signed
// and hashed. The reader checks every length against the bytes that remain before allocating,
// so a hostile length field cannot cause a large allocation.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto/bytes.h"
#include "common/status.h"

namespace radfed::secagg {

class WireWriter {
 public:
  void U8(uint8_t v);
  void U16(uint16_t v);
  void U32(uint32_t v);
  void U64(uint64_t v);
  void Raw(crypto::ByteView bytes);
  // Precondition: text.size() <= 65535 (message validation bounds identifiers well below).
  void String(std::string_view text);
  // Precondition: bytes.size() < 2^32.
  void Blob(crypto::ByteView bytes);
  // Precondition: words.size() < 2^32.
  void Words(std::span<const uint64_t> words);

  const crypto::Bytes& bytes() const { return out_; }
  crypto::Bytes Take() { return std::move(out_); }

 private:
  crypto::Bytes out_;
};

// Reads a buffer that must outlive the reader. Errors are InvalidArgument naming `what` (the
// message being parsed) and the field.
class WireReader {
 public:
  WireReader(crypto::ByteView data, std::string what) : data_(data), what_(std::move(what)) {}

  Result<uint8_t> U8(std::string_view field);
  Result<uint16_t> U16(std::string_view field);
  Result<uint32_t> U32(std::string_view field);
  Result<uint64_t> U64(std::string_view field);
  Status Raw(std::span<uint8_t> out, std::string_view field);
  Result<std::string> String(std::string_view field, size_t max_size);
  Result<crypto::Bytes> Blob(std::string_view field, size_t max_size);
  Result<std::vector<uint64_t>> Words(std::string_view field, size_t max_count);
  // A u32 item count, refused when above `max_count` or when `count * min_item_size` exceeds the
  // bytes left (so callers may reserve `count` items safely).
  Result<uint32_t> Count(std::string_view field, size_t max_count, size_t min_item_size);
  // OK only when every byte has been consumed.
  Status ExpectEnd();

  size_t remaining() const { return data_.size() - offset_; }

 private:
  Status Error(std::string_view field, std::string_view problem) const;
  Result<crypto::ByteView> Take(size_t size, std::string_view field);

  crypto::ByteView data_;
  size_t offset_ = 0;
  std::string what_;
};

}  // namespace radfed::secagg
