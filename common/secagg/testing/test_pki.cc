#include "common/secagg/testing/test_pki.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace radfed::secagg::testing {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* pkey) const { EVP_PKEY_free(pkey); }
};

Status OpenSslFailure(std::string what) {
  ERR_clear_error();
  return Status::Internal("test PKI: " + what + " failed");
}

}  // namespace

Result<std::unique_ptr<TestSiteKey>> TestSiteKey::Generate() {
  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  if (pkey == nullptr) return OpenSslFailure("P-256 key generation");
  int length = i2d_PUBKEY(pkey, nullptr);
  if (length <= 0) {
    EVP_PKEY_free(pkey);
    return OpenSslFailure("public key encoding");
  }
  crypto::Bytes der(static_cast<size_t>(length));
  uint8_t* out = der.data();
  i2d_PUBKEY(pkey, &out);
  return std::unique_ptr<TestSiteKey>(new TestSiteKey(pkey, std::move(der)));
}

TestSiteKey::~TestSiteKey() { EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_)); }

Result<crypto::Bytes> TestSiteKey::Sign(crypto::ByteView message) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                                 static_cast<EVP_PKEY*>(pkey_)) != 1) {
    return OpenSslFailure("ECDSA sign init");
  }
  size_t length = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &length, message.data(), message.size()) != 1) {
    return OpenSslFailure("ECDSA signature size");
  }
  crypto::Bytes signature(length);
  if (EVP_DigestSign(ctx.get(), signature.data(), &length, message.data(), message.size()) != 1) {
    return OpenSslFailure("ECDSA sign");
  }
  signature.resize(length);
  return signature;
}

Result<std::unique_ptr<TestPki>> TestPki::Create(const std::vector<std::string>& sites) {
  std::unique_ptr<TestPki> pki(new TestPki());
  for (const std::string& site : sites) {
    RADFED_ASSIGN_OR_RETURN(std::unique_ptr<TestSiteKey> key, TestSiteKey::Generate());
    pki->keys_[site] = std::move(key);
  }
  return pki;
}

TestSiteKey* TestPki::SignerFor(std::string_view site_id) {
  auto it = keys_.find(site_id);
  return it == keys_.end() ? nullptr : it->second.get();
}

Status TestPki::Verify(std::string_view site_id, crypto::ByteView certificate,
                       crypto::ByteView message, crypto::ByteView signature) {
  ++verify_calls_;
  auto it = keys_.find(site_id);
  if (it == keys_.end()) {
    return Status::Unauthenticated("test PKI: no certificate for site '" + std::string(site_id) +
                                   "'");
  }
  const crypto::Bytes& registered = it->second->public_key_der();
  if (!certificate.empty() &&
      !std::equal(certificate.begin(), certificate.end(), registered.begin(), registered.end())) {
    return Status::Unauthenticated("test PKI: the certificate relayed for site '" +
                                   std::string(site_id) + "' is not the one the CA issued");
  }
  const uint8_t* in = registered.data();
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      d2i_PUBKEY(nullptr, &in, static_cast<long>(registered.size())));
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!key || !ctx ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return OpenSslFailure("ECDSA verify init");
  }
  if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                       message.size()) != 1) {
    ERR_clear_error();
    return Status::Unauthenticated("test PKI: signature of site '" + std::string(site_id) +
                                   "' does not verify");
  }
  return Status::Ok();
}

}  // namespace radfed::secagg::testing
