#include "common/crypto/sha256.h"

#include <openssl/evp.h>

#include "common/crypto/hex.h"
#include "common/crypto/openssl_status.h"

namespace radfed::crypto {

std::string DigestHex(const Sha256Digest& digest) { return ToHex(digest); }

void Sha256Hasher::CtxDeleter::operator()(void* ctx) const {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx));
}

Result<Sha256Hasher> Sha256Hasher::Create() {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return OpenSslError("EVP_MD_CTX_new");
  Sha256Hasher hasher(ctx);
  if (EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) return OpenSslError("SHA-256 init");
  return hasher;
}

Status Sha256Hasher::Update(ByteView data) {
  if (data.empty()) return Status::Ok();
  if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_.get()), data.data(), data.size()) != 1) {
    return OpenSslError("SHA-256 update");
  }
  return Status::Ok();
}

Result<Sha256Digest> Sha256Hasher::Final() {
  Sha256Digest digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_.get()), digest.data(), &length) != 1 ||
      length != digest.size()) {
    return OpenSslError("SHA-256 final");
  }
  return digest;
}

Result<Sha256Digest> Sha256(ByteView data) {
  RADFED_ASSIGN_OR_RETURN(Sha256Hasher hasher, Sha256Hasher::Create());
  RADFED_RETURN_IF_ERROR(hasher.Update(data));
  return hasher.Final();
}

}  // namespace radfed::crypto
