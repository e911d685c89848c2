// Signer and signature verification with consortium keys (ECDSA P-256, SHA-256, DER signatures).
//
// Sites sign their secure-aggregation keys and audit receipts; the coordinator signs audit
// entries. Verification is against a certificate, whose own validity the caller checks with a
// CertificateVerifier.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/pki/openssl_util.h"
#include "common/status.h"

namespace radfed::pki {

class Signer {
 public:
  // Loads a PEM private key; `certificate` is the matching certificate (PEM file), kept so that
  // verifiers can be given it along with signatures.
  static Result<Signer> Load(const std::filesystem::path& key, const std::filesystem::path& certificate);

  Result<std::string> Sign(std::string_view message) const;
  const std::string& certificate_pem() const { return certificate_pem_; }

 private:
  Signer(EvpPkeyPtr key, std::string certificate_pem)
      : key_(std::move(key)), certificate_pem_(std::move(certificate_pem)) {}
  std::shared_ptr<EVP_PKEY> key_;
  std::string certificate_pem_;
};

// OK when `signature` is a valid signature of `message` by the key of `certificate`.
Status VerifySignature(X509* certificate, std::string_view message, std::string_view signature);
Status VerifySignature(std::string_view certificate_pem, std::string_view message, std::string_view signature);

// SHA-256 of `data`, as raw bytes or lower-case hex.
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);
std::string ToHex(std::string_view bytes);

}  // namespace radfed::pki
