// CoordinatorServer: radfed-coordinator assembled from its config — TLS, authentication, the site
// sessions, the studies and the gRPC services.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "common/pki/certificate_verifier.h"
#include "common/secagg/certificate_key_authentication.h"
#include "coordinator/audit_service.h"
#include "coordinator/audit_trail.h"
#include "coordinator/coordinator_config.h"
#include "coordinator/metrics.h"
#include "coordinator/site_sessions.h"
#include "coordinator/study_manager.h"
#include "coordinator/study_service.h"
#include "coordinator/study_store.h"

namespace radfed::coordinator {

class CoordinatorServer {
 public:
  // Loads credentials and starts listening. Errors: unreadable credentials or CRL, address in use.
  static Result<std::unique_ptr<CoordinatorServer>> Start(const CoordinatorConfig& config);
  ~CoordinatorServer();

  // "127.0.0.1:7443" with the port actually bound (the config may ask for port 0).
  const std::string& address() const { return address_; }

  // Re-reads the CRL and ends sessions of sites whose certificate is now revoked. On a bad CRL
  // file the previous CRL stays in force and the error is returned.
  Status ReloadCrl();

  // Records a refused peer in the audit log (at most once a minute per subject and reason).
  void RecordRejection(const std::string& subject, const Status& reason);

  // Stops accepting calls, ends sessions and studies.
  void Shutdown();

 private:
  explicit CoordinatorServer(const CoordinatorConfig& config) : config_(config) {}

  const CoordinatorConfig config_;
  std::unique_ptr<pki::CertificateVerifier> verifier_;
  std::unique_ptr<secagg::CertificateKeyVerifier> key_verifier_;
  Metrics metrics_;
  std::unique_ptr<MetricsServer> metrics_server_;
  std::unique_ptr<StudyStore> store_;
  std::unique_ptr<AuditTrail> audit_;
  std::unique_ptr<AuditServiceImpl> audit_service_;
  std::unique_ptr<SiteSessions> sessions_;
  std::unique_ptr<StudyManager> studies_;
  std::unique_ptr<StudyServiceImpl> study_service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  bool shut_down_ = false;
  // Rejections already recorded, by subject and reason, with the time (to rate-limit the log).
  std::mutex rejections_mu_;
  std::map<std::string, std::chrono::steady_clock::time_point> rejections_logged_;
  std::set<std::string> revoked_serials_;
};

}  // namespace radfed::coordinator
