// Who a certificate speaks for: its role in the consortium and its name.
//
// radfed certificates carry exactly one SAN URI of the form spiffe://radfed/<role>/<name>; for
// nodes the name is the site id. Servers grant access by role and by name, never by the CN alone.
#pragma once

#include <string>
#include <string_view>

#include "common/pki/openssl_util.h"
#include "common/status.h"

namespace radfed::pki {

enum class Role { kNode, kCoordinator, kOperator, kAuditor };

std::string_view RoleName(Role role);
// "node", "coordinator", "operator" or "auditor".
Result<Role> ParseRole(std::string_view name);

struct PeerIdentity {
  Role role = Role::kNode;
  std::string name;
  std::string serial_hex;
  std::string fingerprint;  // SHA-256 of the certificate (DER), hex
};

// The identity URI for a role and name.
std::string IdentityUri(Role role, const std::string& name);

// Reads the identity of `cert`. Errors: no radfed URI, more than one, malformed, unknown role.
Result<PeerIdentity> IdentityFromCertificate(X509* cert);

// A name usable for a site or user: [a-z0-9][a-z0-9._-]{0,62}.
bool IsValidName(std::string_view name);

}  // namespace radfed::pki
