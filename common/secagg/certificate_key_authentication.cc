#include "common/secagg/certificate_key_authentication.h"

#include <ctime>

namespace radfed::secagg {
namespace {

std::string_view AsText(crypto::ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

Result<crypto::Bytes> CertificateKeySigner::Sign(crypto::ByteView message) {
  RADFED_ASSIGN_OR_RETURN(std::string signature, signer_.Sign(AsText(message)));
  return crypto::Bytes(signature.begin(), signature.end());
}

crypto::Bytes CertificateKeySigner::Certificate() const {
  const std::string& pem = signer_.certificate_pem();
  return crypto::Bytes(pem.begin(), pem.end());
}

Status CertificateKeyVerifier::Verify(std::string_view site_id, crypto::ByteView certificate,
                                      crypto::ByteView message, crypto::ByteView signature) {
  if (certificate.empty()) {
    return Status::Unauthenticated("site " + std::string(site_id) + " relayed no certificate with its keys");
  }
  auto accepted = verifier_->Accept(AsText(certificate), std::time(nullptr));
  if (!accepted.ok()) return accepted.status().WithContext("keys of site " + std::string(site_id));
  const pki::PeerIdentity& identity = (*accepted)->identity;
  if (identity.role != pki::Role::kNode || identity.name != site_id) {
    return Status::Unauthenticated("keys advertised for site " + std::string(site_id) +
                                   " are signed with the certificate of " +
                                   std::string(pki::RoleName(identity.role)) + " '" + identity.name + "'");
  }
  return pki::VerifySignature((*accepted)->certificate.get(), AsText(message), AsText(signature))
      .WithContext("keys of site " + std::string(site_id));
}

}  // namespace radfed::secagg
