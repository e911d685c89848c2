#include "common/pki/own_credentials.h"

namespace radfed::pki {

Result<PeerIdentity> CheckOwnCredentials(const CertificateVerifier& verifier, const Signer& signer,
                                         const std::filesystem::path& certificate, std::time_t now) {
  auto identity = verifier.Verify(signer.certificate_pem(), now);
  if (!identity.ok()) {
    return Status::Unauthenticated(certificate.string() + ": this process's own certificate is not usable: " +
                                   identity.status().message());
  }
  return identity;
}

}  // namespace radfed::pki
