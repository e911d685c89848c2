#include "common/pki/signer.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>

namespace radfed::pki {
namespace {

struct MdCtxFree { void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); } };
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

}  // namespace

Result<Signer> Signer::Load(const std::filesystem::path& key_path, const std::filesystem::path& certificate) {
  RADFED_ASSIGN_OR_RETURN(EvpPkeyPtr key, ReadPrivateKey(key_path));
  RADFED_ASSIGN_OR_RETURN(X509Ptr cert, ReadCertificate(certificate));
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return Status::InvalidArgument(key_path.string() + " does not belong to the certificate " + certificate.string());
  }
  return Signer(std::move(key), CertificatePem(cert.get()));
}

Result<std::string> Signer::Sign(std::string_view message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    return Status::Internal("signing failed: " + OpenSslError());
  }
  std::string signature(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    return Status::Internal("signing failed: " + OpenSslError());
  }
  signature.resize(len);
  return signature;
}

Status VerifySignature(X509* certificate, std::string_view message, std::string_view signature) {
  EVP_PKEY* key = X509_get0_pubkey(certificate);
  if (!key) return Status::InvalidArgument("certificate has no usable public key");
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const int ok = EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
                 EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                  signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size()) == 1;
  ERR_clear_error();
  if (!ok) return Status::Unauthenticated("signature does not verify against the certificate of " + SubjectName(certificate));
  return Status::Ok();
}

Status VerifySignature(std::string_view certificate_pem, std::string_view message, std::string_view signature) {
  RADFED_ASSIGN_OR_RETURN(X509Ptr cert, ParseCertificatePem(certificate_pem, "signer certificate"));
  return VerifySignature(cert.get(), message, signature);
}

std::string Sha256(std::string_view data) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string ToHex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) { return ToHex(Sha256(data)); }

}  // namespace radfed::pki
