#include "common/crypto/hkdf.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>
#include <string>

#include "common/crypto/openssl_status.h"

namespace radfed::crypto {
namespace {

struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

// OSSL_PARAM wants mutable pointers even for inputs it only reads.
void* Mutable(ByteView bytes) {
  static uint8_t empty = 0;
  return bytes.empty() ? &empty : const_cast<uint8_t*>(bytes.data());
}

}  // namespace

Result<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length) {
  constexpr size_t kMaxLength = 255 * 32;
  if (length == 0 || length > kMaxLength) {
    return Status::InvalidArgument("HKDF-SHA256: output length " + std::to_string(length) +
                                   " outside 1.." + std::to_string(kMaxLength));
  }
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
  if (!kdf) return OpenSslError("HKDF fetch");
  std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return OpenSslError("HKDF context");

  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, Mutable(ikm), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, Mutable(salt), salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, Mutable(info), info.size()),
      OSSL_PARAM_construct_end(),
  };
  SecretBytes out(length);
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    return OpenSslError("HKDF-SHA256 derive");
  }
  return out;
}

}  // namespace radfed::crypto
