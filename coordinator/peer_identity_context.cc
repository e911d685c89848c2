#include "coordinator/peer_identity_context.h"

#include <spdlog/spdlog.h>

#include <ctime>

namespace radfed::coordinator {
namespace {

constexpr char kRoleProperty[] = "radfed_role";
constexpr char kNameProperty[] = "radfed_name";

std::string PropertyValue(const grpc::AuthContext& context, const char* name) {
  const auto values = context.FindPropertyValues(name);
  if (values.empty()) return "";
  return std::string(values.back().data(), values.back().size());
}

}  // namespace

PeerAuthenticator::PeerAuthenticator(const pki::CertificateVerifier* verifier,
                                     std::set<std::string> roster, RejectionSink on_rejection)
    : verifier_(verifier), roster_(std::move(roster)), on_rejection_(std::move(on_rejection)) {}

grpc::Status PeerAuthenticator::Process(const InputMetadata&, grpc::AuthContext* context,
                                        OutputMetadata*, OutputMetadata*) {
  auto reject = [&](const std::string& subject, const Status& reason) {
    spdlog::warn("refused connection from {}: {}", subject, reason.message());
    if (on_rejection_) on_rejection_(subject, reason);
    return ToGrpcStatus(reason);
  };
  const std::string pem = PropertyValue(*context, "x509_pem_cert");
  if (pem.empty()) {
    return reject("a client without a certificate",
                  Status::Unauthenticated("no client certificate presented: radfed requires a "
                                          "certificate issued by the consortium CA"));
  }
  auto identity = verifier_->Verify(pem, std::time(nullptr));
  if (!identity.ok()) {
    std::string subject = PropertyValue(*context, "x509_common_name");
    return reject(subject.empty() ? "an unidentified client" : "CN=" + subject, identity.status());
  }
  if (identity->role == pki::Role::kNode && !roster_.count(identity->name)) {
    return reject(identity->name,
                  Status::PermissionDenied("site '" + identity->name +
                                           "' is not in this consortium's roster"));
  }
  // Properties accumulate on the connection; readers take the last value.
  context->AddProperty(kRoleProperty, std::string(pki::RoleName(identity->role)));
  context->AddProperty(kNameProperty, identity->name);
  return grpc::Status::OK;
}

Result<pki::PeerIdentity> RequirePeer(const grpc::ServerContext& context,
                                      std::initializer_list<pki::Role> allowed) {
  const auto auth = context.auth_context();
  if (!auth) return Status::Unauthenticated("no authenticated peer");
  const std::string role_name = PropertyValue(*auth, kRoleProperty);
  auto role = pki::ParseRole(role_name);
  if (!role.ok()) return Status::Unauthenticated("peer was not authenticated");
  pki::PeerIdentity identity;
  identity.role = *role;
  identity.name = PropertyValue(*auth, kNameProperty);
  for (pki::Role r : allowed)
    if (r == identity.role) return identity;
  auto article = [](std::string_view word) { return std::string(word[0] == 'a' || word[0] == 'o' ? "an " : "a ") + std::string(word); };
  std::string needed;
  for (pki::Role r : allowed) needed += (needed.empty() ? "" : " or ") + article(pki::RoleName(r));
  spdlog::warn("refused call by {} ({} certificate): needs a {} certificate", identity.name,
               role_name, needed);
  return Status::PermissionDenied("'" + identity.name + "' holds " + article(role_name) +
                                  " certificate; this service needs " + needed + " certificate");
}

}  // namespace radfed::coordinator
