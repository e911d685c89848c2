#include "common/crypto/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/crypto/openssl_status.h"

namespace radfed::crypto {

Result<Sha256Digest> HmacSha256(ByteView key, ByteView data) {
  Sha256Digest digest{};
  unsigned int length = 0;
  // HMAC() with a null key pointer would mean "no key"; an empty key is a valid (weak) key.
  static const uint8_t kEmpty = 0;
  if (HMAC(EVP_sha256(), key.empty() ? &kEmpty : key.data(), static_cast<int>(key.size()), data.data(),
           data.size(), digest.data(), &length) == nullptr ||
      length != digest.size()) {
    return OpenSslError("HMAC-SHA-256");
  }
  return digest;
}

}  // namespace radfed::crypto
