// CheckOwnCredentials: a process checks the certificate and key it is about to present.
//
// A wrong file (another site's key, an expired or revoked certificate, one from an old CA) would
// otherwise surface only as a failed TLS handshake at the peer, with nothing naming the file.
// Checking at start lets hospital IT and operators read which file to replace.
#pragma once

#include <ctime>
#include <filesystem>

#include "common/pki/certificate_verifier.h"
#include "common/pki/identity.h"
#include "common/pki/signer.h"
#include "common/status.h"

namespace radfed::pki {

// OK with the certificate's identity when `verifier` accepts the certificate of `signer` (loaded
// with Signer::Load, which checks that the key belongs to it) at `now`: consortium CA, inside
// its validity, not revoked. Errors name `certificate`, the file it came from; callers check the
// role.
Result<PeerIdentity> CheckOwnCredentials(const CertificateVerifier& verifier, const Signer& signer,
                                         const std::filesystem::path& certificate, std::time_t now);

}  // namespace radfed::pki
