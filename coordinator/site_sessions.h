// SiteSessions: the SiteSession gRPC service and the registry of connected sites.
//
// Each node keeps one bidirectional stream open. The handler thread reads the node's messages and
// hands step replies to the study manager; a writer thread per session drains the session's
// outgoing queue, so study runners never block on a slow site. A second session of the same site
// (a restarted node whose old TCP connection is not yet dead) replaces the first.
#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "coordinator/peer_identity_context.h"
#include "coordinator/site_hub.h"
#include "radfed/v1/site_session.grpc.pb.h"

namespace radfed::coordinator {

class SiteSessions final : public v1::SiteSession::Service, public SiteHub {
 public:
  struct Callbacks {
    // A step reply from an authenticated site.
    std::function<void(const std::string& site, const v1::StepReply&)> on_reply;
    // A site connected or disconnected.
    std::function<void()> on_connection_change;
    // A site opened a session with this certificate (for enrolment records).
    std::function<void(const std::string& site, const std::string& certificate_pem)> on_session;
  };

  SiteSessions(std::vector<std::string> roster, std::string version, Callbacks callbacks);

  grpc::Status Connect(grpc::ServerContext* context,
                       grpc::ServerReaderWriter<v1::CoordinatorMessage, v1::NodeMessage>* stream) override;

  std::set<std::string> Connected() const override;
  uint64_t SessionSerial(const std::string& site) const override;
  uint64_t Send(const std::string& site, const v1::CoordinatorMessage& message) override;

  // Ends the sessions whose client certificate (PEM) `still_valid` rejects, e.g. after a CRL
  // reload revoked it. Returns the sites disconnected.
  std::set<std::string> DisconnectInvalid(const std::function<bool(const std::string& pem)>& still_valid);
  // Ends every session (shutdown).
  void DisconnectAll();

 private:
  struct Session {
    grpc::ServerContext* context = nullptr;
    uint64_t serial = 0;
    std::string certificate_pem;  // the site's client certificate, for revocation checks
    std::mutex mu;
    std::condition_variable cv;
    std::deque<v1::CoordinatorMessage> outgoing;
    bool closed = false;
  };

  void Close(const std::shared_ptr<Session>& session);

  const std::vector<std::string> roster_;
  const std::string version_;
  const Callbacks callbacks_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;
  uint64_t next_serial_ = 1;
};

}  // namespace radfed::coordinator
