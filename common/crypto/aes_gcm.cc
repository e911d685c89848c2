#include "common/crypto/aes_gcm.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>

#include "common/crypto/openssl_status.h"
#include "common/crypto/random.h"

namespace radfed::crypto {
namespace {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

// EVP lengths are ints; one sealed message stays far below that.
constexpr size_t kMaxMessage = size_t{1} << 30;

Status CheckSizes(ByteView key, size_t text, size_t associated) {
  if (key.size() != kAesGcmKeySize) {
    return Status::InvalidArgument("AES-256-GCM key must be 32 bytes, got " +
                                   std::to_string(key.size()));
  }
  if (text > kMaxMessage || associated > kMaxMessage) {
    return Status::InvalidArgument("AES-256-GCM: message or associated data larger than 1 GiB");
  }
  return Status::Ok();
}

}  // namespace

Result<Bytes> AesGcmSeal(ByteView key, ByteView plaintext, ByteView associated_data) {
  AesGcmNonce nonce{};
  RADFED_RETURN_IF_ERROR(RandomBytes(nonce));
  return AesGcmSealWithNonce(key, nonce, plaintext, associated_data);
}

Result<Bytes> AesGcmSealWithNonce(ByteView key, const AesGcmNonce& nonce, ByteView plaintext,
                                  ByteView associated_data) {
  RADFED_RETURN_IF_ERROR(CheckSizes(key, plaintext.size(), associated_data.size()));
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return OpenSslError("AES-256-GCM context");
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce.data()) != 1) {
    return OpenSslError("AES-256-GCM encrypt init");
  }
  Bytes sealed(kAesGcmNonceSize + plaintext.size() + kAesGcmTagSize);
  std::copy(nonce.begin(), nonce.end(), sealed.begin());
  int length = 0;
  if (!associated_data.empty() &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, associated_data.data(),
                        static_cast<int>(associated_data.size())) != 1) {
    return OpenSslError("AES-256-GCM associated data");
  }
  uint8_t* out = sealed.data() + kAesGcmNonceSize;
  if (!plaintext.empty() && EVP_EncryptUpdate(ctx.get(), out, &length, plaintext.data(),
                                              static_cast<int>(plaintext.size())) != 1) {
    return OpenSslError("AES-256-GCM encrypt");
  }
  int final_length = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), out + plaintext.size(), &final_length) != 1) {
    return OpenSslError("AES-256-GCM encrypt final");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kAesGcmTagSize,
                          out + plaintext.size()) != 1) {
    return OpenSslError("AES-256-GCM tag");
  }
  return sealed;
}

Result<SecretBytes> AesGcmOpen(ByteView key, ByteView sealed, ByteView associated_data) {
  if (sealed.size() < kAesGcmOverhead) {
    return Status::DataLoss("AES-256-GCM: sealed message of " + std::to_string(sealed.size()) +
                            " bytes is shorter than nonce and tag");
  }
  size_t text_size = sealed.size() - kAesGcmOverhead;
  RADFED_RETURN_IF_ERROR(CheckSizes(key, text_size, associated_data.size()));
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return OpenSslError("AES-256-GCM context");
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), sealed.data()) != 1) {
    return OpenSslError("AES-256-GCM decrypt init");
  }
  int length = 0;
  if (!associated_data.empty() &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &length, associated_data.data(),
                        static_cast<int>(associated_data.size())) != 1) {
    return OpenSslError("AES-256-GCM associated data");
  }
  SecretBytes plaintext(text_size);
  const uint8_t* ciphertext = sealed.data() + kAesGcmNonceSize;
  if (text_size > 0 && EVP_DecryptUpdate(ctx.get(), plaintext.data(), &length, ciphertext,
                                         static_cast<int>(text_size)) != 1) {
    return OpenSslError("AES-256-GCM decrypt");
  }
  // The tag is only read by OpenSSL, but the ctrl interface takes a mutable pointer.
  uint8_t tag[kAesGcmTagSize];
  std::copy_n(ciphertext + text_size, kAesGcmTagSize, tag);
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kAesGcmTagSize, tag) != 1) {
    return OpenSslError("AES-256-GCM set tag");
  }
  int final_length = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), plaintext.data() + text_size, &final_length) != 1) {
    ERR_clear_error();
    return Status::DataLoss(
        "AES-256-GCM: authentication tag mismatch (ciphertext, key or associated data altered)");
  }
  return plaintext;
}

}  // namespace radfed::crypto
