#include "coordinator/coordinator_server.h"

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>

#include "common/rpc/client_channel.h"
#include "coordinator/peer_identity_context.h"
#include "coordinator/secure_aggregation_round.h"

namespace radfed::coordinator {

constexpr char kVersion[] = "radfed-coordinator 0.1.0";

Result<std::unique_ptr<CoordinatorServer>> CoordinatorServer::Start(const CoordinatorConfig& config) {
  std::unique_ptr<CoordinatorServer> server(new CoordinatorServer(config));
  std::error_code ec;
  std::filesystem::create_directories(config.state_dir, ec);
  if (ec) return Status::IoError(config.state_dir.string() + ": cannot create state directory: " + ec.message());

  RADFED_ASSIGN_OR_RETURN(server->verifier_, pki::CertificateVerifier::Load(config.tls.ca, config.tls.crl));
  server->key_verifier_ = std::make_unique<secagg::CertificateKeyVerifier>(server->verifier_.get());

  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_BUT_DONT_VERIFY);
  RADFED_ASSIGN_OR_RETURN(tls.pem_root_certs, rpc::ReadSmallFile(config.tls.ca));
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  RADFED_ASSIGN_OR_RETURN(pair.private_key, rpc::ReadSmallFile(config.tls.key));
  RADFED_ASSIGN_OR_RETURN(pair.cert_chain, rpc::ReadSmallFile(config.tls.cert));
  tls.pem_key_cert_pairs.push_back(std::move(pair));
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(tls);
  credentials->SetAuthMetadataProcessor(std::make_shared<PeerAuthenticator>(
      server->verifier_.get(), std::set<std::string>(config.roster.begin(), config.roster.end()),
      [self = server.get()](const std::string& subject, const Status& reason) {
        self->metrics_.Rejection(reason.code() == StatusCode::kPermissionDenied ? "permission_denied"
                                                                                : "unauthenticated");
        self->RecordRejection(subject, reason);
      }));

  RADFED_ASSIGN_OR_RETURN(server->store_, StudyStore::Open(config.state_dir / "coordinator.db"));
  RADFED_ASSIGN_OR_RETURN(pki::Signer signer, pki::Signer::Load(config.tls.key, config.tls.cert));
  RADFED_ASSIGN_OR_RETURN(server->audit_, AuditTrail::Open(server->store_.get(), config.audit_log, std::move(signer)));
  server->audit_service_ = std::make_unique<AuditServiceImpl>(server->audit_.get());
  server->revoked_serials_ = server->verifier_->RevokedSerials();

  CoordinatorServer* self = server.get();
  server->sessions_ = std::make_unique<SiteSessions>(
      config.roster, kVersion,
      SiteSessions::Callbacks{
          [self](const std::string& site, const v1::StepReply& reply) { self->studies_->OnReply(site, reply); },
          [self] {
            self->metrics_.SetSitesConnected(static_cast<int>(self->sessions_->Connected().size()));
            self->studies_->OnConnectionChange();
          },
          [self](const std::string& site, const std::string& pem) {
            auto identity = self->verifier_->Verify(pem, std::time(nullptr));
            if (!identity.ok() || !self->audit_->FirstSighting(identity->fingerprint)) return;
            Status recorded = self->audit_->Record(
                {{"site_enrolled", "", 0, site, {{"serial", identity->serial_hex}, {"fingerprint", identity->fingerprint}}}});
            if (!recorded.ok()) spdlog::error("audit log: {}", recorded.message());
          }});
  StudyRunner::Options options;
  options.roster = config.roster;
  options.site_wait_seconds = config.site_wait_seconds;
  options.metrics = &server->metrics_;
  if (config.keep_transcripts) options.transcript_dir = config.state_dir / "transcripts";
  RADFED_ASSIGN_OR_RETURN(
      server->studies_,
      StudyManager::Open(
          server->sessions_.get(), server->store_.get(), server->audit_.get(),
          [key_verifier = server->key_verifier_.get()](
              const study::StudySpec& spec, const std::string& study_id, uint32_t attempt,
              const std::set<std::string>& participants,
              const study::AggregationTask& task) -> Result<std::unique_ptr<AggregationRound>> {
            const SecureAggregationOptions secagg{spec.secagg_threshold, spec.allow_two_sites};
            RADFED_ASSIGN_OR_RETURN(auto round, SecureAggregationRound::Create(study_id, attempt, participants,
                                                                               task, secagg, key_verifier));
            return std::unique_ptr<AggregationRound>(std::move(round));
          },
          options));
  server->study_service_ = std::make_unique<StudyServiceImpl>(server->studies_.get());

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen, credentials, &port);
  builder.RegisterService(server->sessions_.get());
  builder.RegisterService(server->study_service_.get());
  builder.RegisterService(server->audit_service_.get());
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // Masked inputs of large vectors exceed gRPC's 4 MB default.
  builder.SetMaxReceiveMessageSize(256 << 20);
  builder.SetMaxSendMessageSize(256 << 20);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || port == 0) {
    return Status::Unavailable("cannot listen on " + config.listen + " (address in use or invalid)");
  }
  if (!config.metrics_listen.empty()) {
    RADFED_ASSIGN_OR_RETURN(server->metrics_server_, MetricsServer::Start(config.metrics_listen, &server->metrics_));
    spdlog::info("metrics on http://{}/metrics", config.metrics_listen);
  }
  server->address_ = config.listen.substr(0, config.listen.rfind(':')) + ":" + std::to_string(port);
  spdlog::info("{} listening on {} for sites: {}", kVersion, server->address_,
               fmt::join(config.roster, ", "));
  return server;
}

void CoordinatorServer::RecordRejection(const std::string& subject, const Status& reason) {
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

Status CoordinatorServer::ReloadCrl() {
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

void CoordinatorServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  sessions_->DisconnectAll();
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  studies_.reset();
}

CoordinatorServer::~CoordinatorServer() { Shutdown(); }

}  // namespace radfed::coordinator
