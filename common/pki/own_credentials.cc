#include "common/pki/own_credentials.h"

#include "common/pki/signer.h"

namespace radfed::pki {

Result<PeerIdentity> CheckOwnCredentials(const CertificateVerifier& verifier, const std::filesystem::path& certificate,
                                         const std::filesystem::path& key, std::time_t now) {
  RADFED_ASSIGN_OR_RETURN(Signer signer, Signer::Load(key, certificate));
  auto identity = verifier.Verify(signer.certificate_pem(), now);
  if (!identity.ok()) {
    return Status::Unauthenticated(certificate.string() + ": this process's own certificate is not usable: " +
                                   identity.status().message());
  }
  return identity;
}

}  // namespace radfed::pki
