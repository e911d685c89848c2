#include "node/agent/site_agent.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

#include "common/audit/receipt.h"
#include "common/audit/audit_entry.h"
#include "common/io/untrusted_json.h"
#include "common/rpc/client_channel.h"

namespace radfed::node {

constexpr char kVersion[] = "radfed-node 0.1.0";

// Fault injection for integration tests: RADFED_TEST_EXIT_AFTER_STEP=<step number> makes the node
// die (as a crash would) right after answering that secure-aggregation step. Never set in
// production; documented in docs/security/secure-aggregation.md.
// Fault injection for integration tests: with RADFED_TEST_HOLD_ROUNDS=1,2,11 and
// RADFED_TEST_HOLD_DIR=<dir>, the node waits before answering the first step of each listed study
// round (once per round number) until <dir>/release-<round> exists, so a test can act while a
// round is certainly in progress. Never set in production.
void HoldIfFaultInjected(uint32_t round) {
  static const char* rounds = std::getenv("RADFED_TEST_HOLD_ROUNDS");
  static const char* dir = std::getenv("RADFED_TEST_HOLD_DIR");
  static std::set<uint32_t> held;
  if (!rounds || !dir || held.count(round)) return;
  const std::string list = std::string(",") + rounds + ",";
  if (list.find("," + std::to_string(round) + ",") == std::string::npos) return;
  held.insert(round);
  const std::filesystem::path release = std::filesystem::path(dir) / ("release-" + std::to_string(round));
  spdlog::warn("RADFED_TEST_HOLD_ROUNDS: holding round {} until {} exists (fault injection)", round, release.string());
  while (!std::filesystem::exists(release)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

void ExitIfFaultInjected(v1::AggregationStep step) {
  static const char* value = std::getenv("RADFED_TEST_EXIT_AFTER_STEP");
  if (value && std::atoi(value) == static_cast<int>(step)) {
    spdlog::warn("RADFED_TEST_EXIT_AFTER_STEP={}: exiting now (fault injection)", value);
    spdlog::default_logger()->flush();
    std::_Exit(86);
  }
}

SiteAgent::SiteAgent(NodeConfig config, const TaskExecutor* executor)
    : config_(std::move(config)), executor_(executor) {}

void SiteAgent::Stop() {
  stop_ = true;
  std::lock_guard lock(mu_);
  if (current_) current_->TryCancel();
}

Status SiteAgent::Run() {
  RADFED_ASSIGN_OR_RETURN(pki::Signer signer, pki::Signer::Load(config_.tls.key, config_.tls.cert));
  receipt_signer_ = std::make_unique<pki::Signer>(signer);
  signer_ = std::make_unique<secagg::CertificateKeySigner>(std::move(signer));
  RADFED_ASSIGN_OR_RETURN(ca_, pki::CertificateVerifier::Load(config_.tls.ca, ""));
  key_verifier_ = std::make_unique<secagg::CertificateKeyVerifier>(ca_.get());
  RADFED_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                          rpc::MakeClientChannel(config_.coordinator, config_.tls));
  auto stub = v1::SiteSession::NewStub(channel);
  double backoff = config_.reconnect_initial_seconds;
  while (!stop_) {
    bool established = false;
    const grpc::Status ended = Session(*stub, &established);
    if (stop_) break;
    if (established) backoff = config_.reconnect_initial_seconds;
    const bool refused = ended.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
                         ended.error_code() == grpc::StatusCode::PERMISSION_DENIED;
    if (refused) {
      spdlog::error("the coordinator refused this node: {}", ended.error_message());
    } else {
      spdlog::warn("session with {} ended ({}); reconnecting in {:.1f} s", config_.coordinator,
                   ended.ok() ? "closed by the coordinator" : ended.error_message(), backoff);
    }
    // Sleep in small steps so Stop() is prompt.
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(backoff);
    while (!stop_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    backoff = std::min(backoff * 2, config_.reconnect_max_seconds);
  }
  return Status::Ok();
}

grpc::Status SiteAgent::Session(v1::SiteSession::Stub& stub, bool* established) {
  grpc::ClientContext context;
  {
    std::lock_guard lock(mu_);
    if (stop_) return grpc::Status::CANCELLED;
    current_ = &context;
  }
  auto stream = stub.Connect(&context);
  v1::NodeMessage hello;
  hello.mutable_hello()->set_site(config_.site);
  hello.mutable_hello()->set_software_version(kVersion);
  v1::CoordinatorMessage message;
  if (stream->Write(hello)) {
    while (stream->Read(&message)) {
      if (message.has_welcome()) {
        *established = true;
        spdlog::info("connected to {} ({})", config_.coordinator,
                     message.welcome().coordinator_version());
      } else if (message.has_step_request()) {
        if (!stream->Write(HandleStep(message.step_request()))) break;
        ExitIfFaultInjected(message.step_request().step());
      }
    }
  }
  stream->WritesDone();
  grpc::Status status = stream->Finish();
  std::lock_guard lock(mu_);
  current_ = nullptr;
  return status;
}

v1::NodeMessage SiteAgent::HandleStep(const v1::StepRequest& request) {
  v1::NodeMessage out;
  v1::StepReply* reply = out.mutable_step_reply();
  reply->set_study_id(request.study_id());
  reply->set_round(request.round());
  reply->set_attempt(request.attempt());
  reply->set_step(request.step());
  const auto key = std::make_tuple(request.study_id(), request.round(), request.attempt());
  auto abandon = [&](const std::string& reason) {
    spdlog::warn("study {} round {}: leaving attempt {}: {}", request.study_id(), request.round(),
                 request.attempt(), reason);
    rounds_.erase(key);
    reply->mutable_abandon()->set_reason(reason);
    return out;
  };

  if (!request.task_json().empty()) {
    HoldIfFaultInjected(request.round());
    // A new attempt: earlier rounds of this study are over, whatever state they were in.
    std::erase_if(rounds_, [&](const auto& entry) { return std::get<0>(entry.first) == request.study_id(); });
    nlohmann::json task = io::ParseUntrustedJson(request.task_json());
    if (task.is_discarded() || !task.is_object()) return abandon("the task is not valid JSON");
    auto vector = executor_->Execute(task);
    if (!vector.ok()) {
      spdlog::warn("refusing study {} round {}: {}", request.study_id(), request.round(), vector.status().message());
      reply->mutable_refusal()->set_reason(vector.status().message());
      return out;
    }
    std::set<std::string> required;
    size_t min_sites = 0;
    try {
      required = task.value("required_sites", std::set<std::string>{});
      min_sites = task.value("min_sites", size_t{0});
    } catch (const nlohmann::json::exception&) {
      return abandon("the task's required_sites or min_sites is malformed");
    }
    auto round = SiteRound::Start(config_.site, request.study_id(), request.attempt(), request.payload(), *vector,
                                  std::move(required), min_sites, signer_.get(), key_verifier_.get());
    if (!round.ok()) return abandon(round.status().message());
    spdlog::info("study {} round {}: computed {} values on the local cohort", request.study_id(),
                 request.round(), vector->size());
    rounds_[key] = std::move(*round);
  }
  auto it = rounds_.find(key);
  if (it == rounds_.end()) return abandon("no state for this attempt (the node restarted or the attempt ended)");
  auto payload = it->second->OnStep(request.step(), request.payload());
  if (!payload.ok()) return abandon(payload.status().message());
  reply->set_payload(std::move(*payload));
  if (request.step() == v1::AGGREGATION_STEP_UNMASK) {
    auto receipt = MakeReceipt(request, *it->second);
    if (receipt.ok()) {
      reply->set_receipt(*receipt);
    } else {
      spdlog::error("study {} round {}: no receipt kept: {}", request.study_id(), request.round(),
                    receipt.status().message());
    }
    rounds_.erase(it);
  }
  return out;
}

Result<std::string> SiteAgent::MakeReceipt(const v1::StepRequest& request, const SiteRound& round) {
  if (!round.masked_input_digest()) return Status::FailedPrecondition("no masked input was sent");
  audit::Receipt r;
  r.study = request.study_id();
  r.round = request.round();
  r.attempt = request.attempt();
  r.site = config_.site;
  r.masked_input_sha256 = crypto::DigestHex(*round.masked_input_digest());
  r.head_seq = request.audit_head_seq();
  r.head_hash = request.audit_head_hash();
  r.time = audit::UtcNow();
  r.certificate = receipt_signer_->certificate_pem();
  RADFED_ASSIGN_OR_RETURN(std::string signature, receipt_signer_->Sign(r.SignedBytes()));
  r.signature = pki::ToHex(signature);
  RADFED_RETURN_IF_ERROR(audit::StoreReceipt(config_.state_dir / "receipts", r));
  return r.ToJson().dump();
}

}  // namespace radfed::node
