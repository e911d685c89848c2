#include "coordinator/coordinator_server.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "common/io/directory_lock.h"
#include "common/io/file_reading.h"
#include "common/pki/certificate_verifier.h"
#include "common/pki/own_credentials.h"
#include "common/rpc/client_channel.h"
#include "common/secagg/certificate_key_authentication.h"
#include "coordinator/audit_service.h"
#include "coordinator/audit_trail.h"
#include "coordinator/metrics.h"
#include "coordinator/peer_identity_context.h"
#include "coordinator/secure_aggregation_round.h"
#include "coordinator/site_sessions.h"
#include "coordinator/study_manager.h"
#include "coordinator/study_service.h"
#include "coordinator/study_store.h"

namespace radfed::coordinator {
namespace {

constexpr char kVersion[] = "radfed-coordinator 0.1.0";

class RunningCoordinator final : public CoordinatorServer {
 public:
  explicit RunningCoordinator(const CoordinatorConfig& config) : config_(config) {}
  ~RunningCoordinator() override { Shutdown(); }

  // Everything Start does after creating the object: credentials, store, services, listening.
  Status Assemble();

  const std::string& address() const override { return address_; }
  Status ReloadCrl() override;
  void Shutdown() override;

 private:
  // Records a refused peer in the audit log (at most once a minute per subject and reason).
  void RecordRejection(const std::string& subject, const Status& reason);

  const CoordinatorConfig config_;
  std::optional<io::DirectoryLock> state_lock_;  // first member: released after everything else
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

Status RunningCoordinator::Assemble() {
  std::error_code ec;
  std::filesystem::create_directories(config_.state_dir, ec);
  if (ec) return Status::IoError(config_.state_dir.string() + ": cannot create state directory: " + ec.message());
  RADFED_ASSIGN_OR_RETURN(io::DirectoryLock lock, io::DirectoryLock::Acquire(config_.state_dir, "radfed-coordinator"));
  state_lock_.emplace(std::move(lock));

  RADFED_ASSIGN_OR_RETURN(verifier_, pki::CertificateVerifier::Load(config_.tls.ca, config_.tls.crl));
  RADFED_ASSIGN_OR_RETURN(pki::Signer signer, pki::Signer::Load(config_.tls.key, config_.tls.cert));
  RADFED_ASSIGN_OR_RETURN(pki::PeerIdentity self,
                          pki::CheckOwnCredentials(*verifier_, signer, config_.tls.cert, std::time(nullptr)));
  if (self.role != pki::Role::kCoordinator) {
    return Status::InvalidArgument(config_.tls.cert.string() + ": a " + std::string(pki::RoleName(self.role)) +
                                   " certificate ('" + self.name + "'); the coordinator needs one issued with "
                                   "`radfed pki issue --role coordinator`");
  }
  key_verifier_ = std::make_unique<secagg::CertificateKeyVerifier>(verifier_.get());

  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_BUT_DONT_VERIFY);
  RADFED_ASSIGN_OR_RETURN(tls.pem_root_certs, io::ReadFile(config_.tls.ca));
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  RADFED_ASSIGN_OR_RETURN(pair.private_key, io::ReadFile(config_.tls.key));
  RADFED_ASSIGN_OR_RETURN(pair.cert_chain, io::ReadFile(config_.tls.cert));
  tls.pem_key_cert_pairs.push_back(std::move(pair));
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(tls);
  credentials->SetAuthMetadataProcessor(std::make_shared<PeerAuthenticator>(
      verifier_.get(), std::set<std::string>(config_.roster.begin(), config_.roster.end()),
      [this](const std::string& subject, const Status& reason) {
        metrics_.Rejection(reason.code() == StatusCode::kPermissionDenied ? "permission_denied"
                                                                          : "unauthenticated");
        RecordRejection(subject, reason);
      }));

  RADFED_ASSIGN_OR_RETURN(store_, StudyStore::Open(config_.state_dir / "coordinator.db"));
  RADFED_ASSIGN_OR_RETURN(audit_, AuditTrail::Open(store_.get(), config_.audit_log, std::move(signer)));
  audit_service_ = std::make_unique<AuditServiceImpl>(audit_.get());
  revoked_serials_ = verifier_->RevokedSerials();

  sessions_ = std::make_unique<SiteSessions>(
      config_.roster, kVersion,
      SiteSessions::Callbacks{
          [this](const std::string& site, const v1::StepReply& reply) { studies_->OnReply(site, reply); },
          [this] {
            metrics_.SetSitesConnected(static_cast<int>(sessions_->Connected().size()));
            studies_->OnConnectionChange();
          },
          [this](const std::string& site, const std::string& pem) {
            auto identity = verifier_->Verify(pem, std::time(nullptr));
            if (!identity.ok() || !audit_->FirstSighting(identity->fingerprint)) return;
            Status recorded = audit_->Record(
                {{"site_enrolled", "", 0, site, {{"serial", identity->serial_hex}, {"fingerprint", identity->fingerprint}}}});
            if (!recorded.ok()) spdlog::error("audit log: {}", recorded.message());
          }});
  StudyRunner::Options options;
  options.roster = config_.roster;
  options.site_wait_seconds = config_.site_wait_seconds;
  options.metrics = &metrics_;
  if (config_.keep_transcripts) options.transcript_dir = config_.state_dir / "transcripts";
  RADFED_ASSIGN_OR_RETURN(
      studies_,
      StudyManager::Open(
          sessions_.get(), store_.get(), audit_.get(),
          [key_verifier = key_verifier_.get()](
              const study::StudySpec& spec, const std::string& study_id, uint32_t attempt,
              const std::set<std::string>& participants,
              const study::AggregationTask& task) -> Result<std::unique_ptr<AggregationRound>> {
            const SecureAggregationOptions secagg{spec.secagg_threshold, spec.allow_two_sites};
            RADFED_ASSIGN_OR_RETURN(auto round, SecureAggregationRound::Create(study_id, attempt, participants,
                                                                               task, secagg, key_verifier));
            return std::unique_ptr<AggregationRound>(std::move(round));
          },
          options));
  study_service_ = std::make_unique<StudyServiceImpl>(studies_.get());

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config_.listen, credentials, &port);
  // gRPC sets SO_REUSEPORT by default, which lets a second coordinator bind a port in use and
  // silently take half of the connections.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(sessions_.get());
  builder.RegisterService(study_service_.get());
  builder.RegisterService(audit_service_.get());
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // Masked inputs of large vectors exceed gRPC's 4 MB default.
  builder.SetMaxReceiveMessageSize(256 << 20);
  builder.SetMaxSendMessageSize(256 << 20);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  server_ = builder.BuildAndStart();
  if (!server_ || port == 0) {
    return Status::Unavailable("cannot listen on " + config_.listen + " (address in use or invalid)");
  }
  if (!config_.metrics_listen.empty()) {
    RADFED_ASSIGN_OR_RETURN(metrics_server_, MetricsServer::Start(config_.metrics_listen, &metrics_));
    spdlog::info("metrics on http://{}/metrics", config_.metrics_listen);
  }
  address_ = config_.listen.substr(0, config_.listen.rfind(':')) + ":" + std::to_string(port);
  spdlog::info("{} listening on {} for sites: {}", kVersion, address_,
               fmt::join(config_.roster, ", "));
  return Status::Ok();
}

void RunningCoordinator::RecordRejection(const std::string& subject, const Status& reason) {
  const std::string key = subject + "\n" + reason.message();
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(rejections_mu_);
    auto it = rejections_logged_.find(key);
    if (it != rejections_logged_.end() && now - it->second < std::chrono::minutes(1)) return;
    rejections_logged_[key] = now;
  }
  Status recorded = audit_->Record({{"peer_rejected", "", 0, "", {{"subject", subject}, {"reason", reason.message()}}}});
  if (!recorded.ok()) spdlog::error("audit log: {}", recorded.message());
}

Status RunningCoordinator::ReloadCrl() {
  RADFED_RETURN_IF_ERROR(verifier_->Reload());
  const std::set<std::string> revoked = verifier_->RevokedSerials();
  std::vector<std::string> newly;
  for (const std::string& serial : revoked)
    if (!revoked_serials_.count(serial)) newly.push_back(serial);
  revoked_serials_ = revoked;
  RADFED_RETURN_IF_ERROR(audit_->Record({{"crl_reloaded", "", 0, "", {{"revoked", revoked.size()}, {"newly_revoked", newly}}}}));
  const std::time_t now = std::time(nullptr);
  const std::set<std::string> closed = sessions_->DisconnectInvalid(
      [&](const std::string& pem) { return verifier_->Verify(pem, now).ok(); });
  for (const std::string& site : closed) {
    spdlog::warn("{} disconnected: its certificate is no longer valid after the CRL reload", site);
  }
  spdlog::info("CRL reloaded from {}", config_.tls.crl.string());
  return Status::Ok();
}

// Also runs when Assemble failed part way, so every part may be missing.
void RunningCoordinator::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  if (sessions_) sessions_->DisconnectAll();
  if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  studies_.reset();
}

}  // namespace

Result<std::unique_ptr<CoordinatorServer>> CoordinatorServer::Start(const CoordinatorConfig& config) {
  auto server = std::make_unique<RunningCoordinator>(config);
  RADFED_RETURN_IF_ERROR(server->Assemble());
  return std::unique_ptr<CoordinatorServer>(std::move(server));
}

}  // namespace radfed::coordinator
