#include "node/agent/site_agent.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/rpc/client_channel.h"
#include "common/rpc/plain_vector.h"

namespace radfed::node {

constexpr char kVersion[] = "radfed-node 0.1.0";

SiteAgent::SiteAgent(NodeConfig config, const TaskExecutor* executor)
    : config_(std::move(config)), executor_(executor) {}

void SiteAgent::Stop() {
  stop_ = true;
  std::lock_guard lock(mu_);
  if (current_) current_->TryCancel();
}

Status SiteAgent::Run() {
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

  if (!request.task_json().empty()) {
    // Forget earlier rounds of this study: the coordinator has moved on.
    std::erase_if(pending_, [&](const auto& entry) { return std::get<0>(entry.first) == request.study_id(); });
    nlohmann::json task = nlohmann::json::parse(request.task_json(), nullptr, /*allow_exceptions=*/false);
    if (task.is_discarded()) {
      reply->mutable_refusal()->set_reason("the task is not valid JSON");
      return out;
    }
    auto vector = executor_->Execute(task);
    if (!vector.ok()) {
      spdlog::warn("refusing study {} round {}: {}", request.study_id(), request.round(),
                   vector.status().message());
      reply->mutable_refusal()->set_reason(vector.status().message());
      return out;
    }
    spdlog::info("study {} round {}: computed {} values on the local cohort", request.study_id(),
                 request.round(), vector->size());
    pending_[key] = std::move(*vector);
  }
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    reply->mutable_refusal()->set_reason("this node has no state for round " +
                                         std::to_string(request.round()) + " (it restarted)");
    return out;
  }
  if (request.step() != v1::AGGREGATION_STEP_PLAIN_SUM) {
    reply->mutable_refusal()->set_reason("unsupported aggregation step");
    return out;
  }
  reply->set_payload(rpc::EncodePlainVector(it->second));
  pending_.erase(it);
  return out;
}

}  // namespace radfed::node
