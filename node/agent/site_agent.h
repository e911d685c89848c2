// SiteAgent: the node's side of its session with the coordinator.
//
// The agent dials out (never listens), verifies the coordinator against the consortium CA and its
// name, introduces itself, and answers the steps of every round it is asked to join. After a
// network failure or a coordinator restart it reconnects with exponential backoff (reset once a
// session is established). Round state lives in memory: a round interrupted by a node restart is
// a dropout, which the coordinator retries with a new attempt.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include <grpcpp/grpcpp.h>

#include "common/pki/certificate_verifier.h"
#include "common/pki/signer.h"
#include "common/secagg/certificate_key_authentication.h"
#include "node/agent/node_config.h"
#include "node/agent/site_round.h"
#include "node/agent/task_executor.h"
#include "radfed/v1/site_session.grpc.pb.h"

namespace radfed::node {

class SiteAgent {
 public:
  // `executor` must outlive the agent.
  SiteAgent(NodeConfig config, const TaskExecutor* executor);

  // Loads the site's key, certificate and the consortium CA, then runs sessions until Stop().
  // Returns an error only for unusable local credentials.
  Status Run();
  // Ends the current session and makes Run() return. Safe from any thread.
  void Stop();

 private:
  // One session: returns when the stream ends (with the reason for the log).
  grpc::Status Session(v1::SiteSession::Stub& stub, bool* established);
  v1::NodeMessage HandleStep(const v1::StepRequest& request);
  // Signs and stores (under state_dir/receipts) this site's receipt for a round it unmasked.
  Result<std::string> MakeReceipt(const v1::StepRequest& request, const SiteRound& round);

  const NodeConfig config_;
  const TaskExecutor* executor_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  grpc::ClientContext* current_ = nullptr;  // the live session's context, for Stop()

  std::unique_ptr<secagg::CertificateKeySigner> signer_;
  std::unique_ptr<pki::Signer> receipt_signer_;
  std::unique_ptr<pki::CertificateVerifier> ca_;
  std::unique_ptr<secagg::CertificateKeyVerifier> key_verifier_;
  // Rounds in progress, by (study, round, attempt).
  std::map<std::tuple<std::string, uint32_t, uint32_t>, std::unique_ptr<SiteRound>> rounds_;
};

}  // namespace radfed::node
