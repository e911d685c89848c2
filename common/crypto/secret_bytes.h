// SecretBytes: an owned byte string holding key material, wiped when destroyed.
//
// Copies are explicit (Clone) so that secrets are not duplicated by accident; moves leave the
// source empty. Not thread-safe; treat like a std::vector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/crypto/bytes.h"

namespace radfed::crypto {

class SecretBytes {
 public:
  SecretBytes() = default;
  // `size` zero bytes.
  explicit SecretBytes(size_t size);
  // A copy of `bytes`; the caller remains responsible for wiping its own copy.
  explicit SecretBytes(ByteView bytes);
  ~SecretBytes();

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  SecretBytes Clone() const { return SecretBytes(view()); }

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<uint8_t> span() { return {data_, size_}; }
  ByteView view() const { return {data_, size_}; }

 private:
  void Wipe();

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// Overwrites `bytes` with zeros in a way the compiler may not elide (OPENSSL_cleanse).
void Cleanse(std::span<uint8_t> bytes);

}  // namespace radfed::crypto
