#include "common/crypto/x25519.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <string>

#include "common/crypto/openssl_status.h"
#include "common/crypto/random.h"

namespace radfed::crypto {
namespace {

struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct PkeyDeleterLocal {
  void operator()(EVP_PKEY* pkey) const { EVP_PKEY_free(pkey); }
};

}  // namespace

void X25519KeyPair::PkeyDeleter::operator()(void* pkey) const {
  EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey));
}

Result<X25519KeyPair> X25519KeyPair::Generate() {
  RADFED_ASSIGN_OR_RETURN(SecretBytes private_key, RandomSecret(kX25519KeySize));
  return FromPrivateKey(private_key.view());
}

Result<X25519KeyPair> X25519KeyPair::FromPrivateKey(ByteView private_key) {
  if (private_key.size() != kX25519KeySize) {
    return Status::InvalidArgument("X25519 private key must be 32 bytes, got " +
                                   std::to_string(private_key.size()));
  }
  EVP_PKEY* pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, private_key.data(),
                                                private_key.size());
  if (pkey == nullptr) return OpenSslError("X25519 private key import");
  X25519PublicKey public_key{};
  size_t length = public_key.size();
  if (EVP_PKEY_get_raw_public_key(pkey, public_key.data(), &length) != 1 ||
      length != public_key.size()) {
    EVP_PKEY_free(pkey);
    return OpenSslError("X25519 public key export");
  }
  return X25519KeyPair(pkey, public_key);
}

Result<SecretBytes> X25519KeyPair::PrivateKey() const {
  SecretBytes out(kX25519KeySize);
  size_t length = out.size();
  if (EVP_PKEY_get_raw_private_key(static_cast<EVP_PKEY*>(pkey_.get()), out.data(), &length) != 1 ||
      length != kX25519KeySize) {
    return OpenSslError("X25519 private key export");
  }
  return out;
}

Result<SecretBytes> X25519KeyPair::Agree(const X25519PublicKey& peer) const {
  std::unique_ptr<EVP_PKEY, PkeyDeleterLocal> peer_key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer.data(), peer.size()));
  if (!peer_key) return OpenSslError("X25519 peer key import");
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
      EVP_PKEY_CTX_new(static_cast<EVP_PKEY*>(pkey_.get()), nullptr));
  if (!ctx) return OpenSslError("X25519 context");
  if (EVP_PKEY_derive_init(ctx.get()) != 1) return OpenSslError("X25519 derive init");
  if (EVP_PKEY_derive_set_peer(ctx.get(), peer_key.get()) != 1) {
    return OpenSslError("X25519 peer key");
  }
  SecretBytes shared(kX25519KeySize);
  size_t length = shared.size();
  if (EVP_PKEY_derive(ctx.get(), shared.data(), &length) != 1 || length != kX25519KeySize) {
    // OpenSSL refuses an all-zero result, i.e. a low-order (malicious or corrupt) peer key.
    ERR_clear_error();
    return Status::InvalidArgument("X25519 agreement failed: the peer public key is of low order");
  }
  return shared;
}

}  // namespace radfed::crypto
