// SecureAggregationRound: an AggregationRound run by the secure-aggregation protocol.
//
// Adapts SecAggServer to the study runner: step 1 sends every participant the round's
// configuration (JSON), later steps send each site its own protocol message, and replies are
// parsed and passed to the server only when their sender is the authenticated session's site.
// The coordinator learns the decoded sum over the contributors, who dropped at which step, and
// the digest of each masked input (for the audit log) — never a site's vector.
#pragma once

#include <memory>

#include "common/secagg/key_authentication.h"
#include "common/secagg/server.h"
#include "common/study/study_plan.h"
#include "coordinator/aggregation_round.h"

namespace radfed::coordinator {

struct SecureAggregationOptions {
  uint32_t threshold = 0;         // 0: majority
  bool allow_two_sites = false;
};

class SecureAggregationRound final : public AggregationRound {
 public:
  // `verifier` must outlive the round. Errors: invalid round configuration (e.g. fewer than 3
  // sites without allow_two_sites, a task vector the fixed-point codec cannot carry).
  static Result<std::unique_ptr<SecureAggregationRound>> Create(
      const std::string& study_id, uint64_t round_id, const std::set<std::string>& participants,
      const study::AggregationTask& task, const SecureAggregationOptions& options,
      secagg::PeerKeyVerifier* verifier);

  v1::AggregationStep step() const override;
  std::set<std::string> awaited() const override { return awaited_; }
  std::map<std::string, std::string> Requests() override;
  Status OnReply(const std::string& site, const std::string& payload) override;
  void OnDropped(const std::string& site) override { awaited_.erase(site); }
  Outcome CloseStep() override;
  std::string abort_reason() const override { return server_.abort_reason(); }
  const std::vector<double>& sum() const override { return sum_; }
  const std::set<std::string>& contributors() const override { return contributors_; }

  nlohmann::json Transcript() const override;

 private:
  SecureAggregationRound(secagg::SecAggServer server, std::string config_json)
      : server_(std::move(server)), config_json_(std::move(config_json)) {}

  secagg::SecAggServer server_;
  const std::string config_json_;
  std::set<std::string> awaited_;
  std::vector<double> sum_;
  std::set<std::string> contributors_;
};

// The fixed-point encoding used for a task: two limbs, 2^-40 resolution and the task's declared
// bound, so sums of up to 1024 sites decode exactly.
secagg::FixedPointSpec EncodingFor(const study::AggregationTask& task);

}  // namespace radfed::coordinator
