#include "common/pki/identity.h"

#include <openssl/x509v3.h>

namespace radfed::pki {
namespace {

constexpr std::string_view kUriPrefix = "spiffe://radfed/";

struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kNode: return "node";
    case Role::kCoordinator: return "coordinator";
    case Role::kOperator: return "operator";
    case Role::kAuditor: return "auditor";
  }
  return "unknown";
}

Result<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kNode, Role::kCoordinator, Role::kOperator, Role::kAuditor})
    if (RoleName(r) == name) return r;
  return Status::InvalidArgument("unknown role '" + std::string(name) +
                                 "' (expected node, coordinator, operator or auditor)");
}

std::string IdentityUri(Role role, const std::string& name) {
  return std::string(kUriPrefix) + std::string(RoleName(role)) + "/" + name;
}

bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

Result<PeerIdentity> IdentityFromCertificate(X509* cert) {
  const std::string subject = SubjectName(cert);
  std::unique_ptr<GENERAL_NAMES, GeneralNamesFree> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  std::string uri;
  int found = 0;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_URI) continue;
    const ASN1_IA5STRING* s = name->d.uniformResourceIdentifier;
    std::string value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                      static_cast<size_t>(ASN1_STRING_length(s)));
    if (value.rfind(kUriPrefix, 0) != 0) continue;
    uri = value;
    ++found;
  }
  if (found == 0) {
    return Status::Unauthenticated("certificate " + subject + " carries no radfed identity (SAN URI " +
                                   std::string(kUriPrefix) + "<role>/<name>)");
  }
  if (found > 1) return Status::Unauthenticated("certificate " + subject + " carries more than one radfed identity");
  const std::string rest = uri.substr(kUriPrefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string::npos) return Status::Unauthenticated("certificate " + subject + ": malformed identity " + uri);
  auto role = ParseRole(rest.substr(0, slash));
  if (!role.ok()) return Status::Unauthenticated("certificate " + subject + ": " + role.status().message());
  PeerIdentity identity;
  identity.role = *role;
  identity.name = rest.substr(slash + 1);
  if (!IsValidName(identity.name)) {
    return Status::Unauthenticated("certificate " + subject + ": malformed name in identity " + uri);
  }
  identity.serial_hex = SerialHex(cert);
  identity.fingerprint = Fingerprint(cert);
  return identity;
}

}  // namespace radfed::pki
