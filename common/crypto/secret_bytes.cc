#include "common/crypto/secret_bytes.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <utility>

namespace radfed::crypto {

void Cleanse(std::span<uint8_t> bytes) {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

SecretBytes::SecretBytes(size_t size) : data_(size ? new uint8_t[size]() : nullptr), size_(size) {}

SecretBytes::SecretBytes(ByteView bytes) : SecretBytes(bytes.size()) {
  std::copy(bytes.begin(), bytes.end(), data_);
}

SecretBytes::~SecretBytes() { Wipe(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void SecretBytes::Wipe() {
  Cleanse(span());
  delete[] data_;
  data_ = nullptr;
  size_ = 0;
}

}  // namespace radfed::crypto
