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
#include "common/status.h"

namespace radfed::pki {

// OK with the certificate's identity when `key` belongs to `certificate` and `verifier` accepts
// the certificate at `now` (consortium CA, inside its validity, not revoked). Errors name the
// file at fault; callers check the role.
Result<PeerIdentity> CheckOwnCredentials(const CertificateVerifier& verifier, const std::filesystem::path& certificate,
                                         const std::filesystem::path& key, std::time_t now);

}  // namespace radfed::pki
