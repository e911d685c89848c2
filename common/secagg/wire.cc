#include "common/secagg/wire.h"

#include <bit>
#include <cstring>

namespace radfed::secagg {

static_assert(std::endian::native == std::endian::little,
              "word vectors are copied as little-endian bytes");

void WireWriter::U8(uint8_t v) { out_.push_back(v); }

void WireWriter::U16(uint16_t v) {
  for (int i = 0; i < 2; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void WireWriter::U32(uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void WireWriter::U64(uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void WireWriter::Raw(crypto::ByteView bytes) {
  out_.insert(out_.end(), bytes.begin(), bytes.end());
}

void WireWriter::String(std::string_view text) {
  U16(static_cast<uint16_t>(text.size()));
  Raw({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

void WireWriter::Blob(crypto::ByteView bytes) {
  U32(static_cast<uint32_t>(bytes.size()));
  Raw(bytes);
}

void WireWriter::Words(std::span<const uint64_t> words) {
  U32(static_cast<uint32_t>(words.size()));
  size_t start = out_.size();
  out_.resize(start + words.size() * sizeof(uint64_t));
  if (!words.empty()) std::memcpy(out_.data() + start, words.data(), words.size_bytes());
}

Status WireReader::Error(std::string_view field, std::string_view problem) const {
  std::string message = what_;
  message += ": field '";
  message += field;
  message += "': ";
  message += problem;
  return Status::InvalidArgument(std::move(message));
}

Result<crypto::ByteView> WireReader::Take(size_t size, std::string_view field) {
  if (size > remaining()) {
    return Error(field, "truncated (" + std::to_string(size) + " bytes needed, " +
                            std::to_string(remaining()) + " left)");
  }
  crypto::ByteView view = data_.subspan(offset_, size);
  offset_ += size;
  return view;
}

Result<uint8_t> WireReader::U8(std::string_view field) {
  RADFED_ASSIGN_OR_RETURN(crypto::ByteView b, Take(1, field));
  return b[0];
}

Result<uint16_t> WireReader::U16(std::string_view field) {
  RADFED_ASSIGN_OR_RETURN(crypto::ByteView b, Take(2, field));
  return static_cast<uint16_t>(b[0] | b[1] << 8);
}

Result<uint32_t> WireReader::U32(std::string_view field) {
  RADFED_ASSIGN_OR_RETURN(crypto::ByteView b, Take(4, field));
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{b[i]} << (8 * i);
  return v;
}

Result<uint64_t> WireReader::U64(std::string_view field) {
  RADFED_ASSIGN_OR_RETURN(crypto::ByteView b, Take(8, field));
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{b[i]} << (8 * i);
  return v;
}

Status WireReader::Raw(std::span<uint8_t> out, std::string_view field) {
  RADFED_ASSIGN_OR_RETURN(crypto::ByteView b, Take(out.size(), field));
  if (!b.empty()) std::memcpy(out.data(), b.data(), b.size());
  return Status::Ok();
}

Result<std::string> WireReader::String(std::string_view field, size_t max_size) {
  RADFED_ASSIGN_OR_RETURN(uint16_t size, U16(field));
  if (size > max_size) {
    return Error(field, "length " + std::to_string(size) + " exceeds " + std::to_string(max_size));
  }
  RADFED_ASSIGN_OR_RETURN(crypto::ByteView b, Take(size, field));
  return std::string(b.begin(), b.end());
}

Result<crypto::Bytes> WireReader::Blob(std::string_view field, size_t max_size) {
  RADFED_ASSIGN_OR_RETURN(uint32_t size, U32(field));
  if (size > max_size) {
    return Error(field, "length " + std::to_string(size) + " exceeds " + std::to_string(max_size));
  }
  RADFED_ASSIGN_OR_RETURN(crypto::ByteView b, Take(size, field));
  return crypto::Bytes(b.begin(), b.end());
}

Result<std::vector<uint64_t>> WireReader::Words(std::string_view field, size_t max_count) {
  RADFED_ASSIGN_OR_RETURN(uint32_t count, Count(field, max_count, sizeof(uint64_t)));
  RADFED_ASSIGN_OR_RETURN(crypto::ByteView b, Take(size_t{count} * sizeof(uint64_t), field));
  std::vector<uint64_t> words(count);
  if (count != 0) std::memcpy(words.data(), b.data(), b.size());
  return words;
}

Result<uint32_t> WireReader::Count(std::string_view field, size_t max_count, size_t min_item_size) {
  RADFED_ASSIGN_OR_RETURN(uint32_t count, U32(field));
  if (count > max_count) {
    return Error(field, "count " + std::to_string(count) + " exceeds " + std::to_string(max_count));
  }
  if (size_t{count} * min_item_size > remaining()) {
    return Error(field, "count " + std::to_string(count) + " does not fit the " +
                            std::to_string(remaining()) + " bytes left");
  }
  return count;
}

Status WireReader::ExpectEnd() {
  if (remaining() != 0) {
    return Status::InvalidArgument(what_ + ": " + std::to_string(remaining()) +
                                   " unexpected trailing bytes");
  }
  return Status::Ok();
}

}  // namespace radfed::secagg
