// Authentication of every call to the coordinator.
//
// PeerAuthenticator runs before each RPC (gRPC AuthMetadataProcessor): it takes the client
// certificate of the TLS session, verifies it against the consortium CA, its validity period and
// the current CRL, maps it to (role, name), and for nodes checks the roster. Refusals are logged
// with the reason and returned to the client as UNAUTHENTICATED / PERMISSION_DENIED with the same
// clear message. Handlers then call RequirePeer() to get the verified identity and check that its
// role may call them (a node certificate cannot submit studies).
//
// The TLS layer itself only requests the certificate and checks proof of key possession; chain
// and revocation checks live here so that every refusal reaches the client and the log with a
// specific reason instead of an anonymous handshake failure.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <set>
#include <string>

#include "common/pki/certificate_verifier.h"
#include "common/rpc/grpc_status.h"
#include "common/status.h"

namespace radfed::coordinator {

using rpc::ToGrpcStatus;

class PeerAuthenticator final : public grpc::AuthMetadataProcessor {
 public:
  // Called with every refusal (for the audit log). May be empty.
  using RejectionSink = std::function<void(const std::string& subject, const Status& reason)>;

  // `verifier` must outlive the authenticator.
  PeerAuthenticator(const pki::CertificateVerifier* verifier, std::set<std::string> roster,
                    RejectionSink on_rejection);

  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed, OutputMetadata* response) override;

 private:
  const pki::CertificateVerifier* verifier_;
  const std::set<std::string> roster_;
  const RejectionSink on_rejection_;
};

// The verified identity of the caller, if its role is one of `allowed`; otherwise
// PermissionDenied naming the role it has and the roles it would need.
Result<pki::PeerIdentity> RequirePeer(const grpc::ServerContext& context,
                                      std::initializer_list<pki::Role> allowed);

}  // namespace radfed::coordinator
