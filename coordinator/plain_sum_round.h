// PlainSumRound: a one-step round in which every site sends its vector in the clear (over mTLS).
// The walking skeleton's aggregation; secure aggregation replaces it.
#pragma once

#include "common/rpc/plain_vector.h"
#include "coordinator/aggregation_round.h"

namespace radfed::coordinator {

class PlainSumRound : public AggregationRound {
 public:
  PlainSumRound(std::set<std::string> participants, size_t length);

  v1::AggregationStep step() const override { return v1::AGGREGATION_STEP_PLAIN_SUM; }
  std::set<std::string> awaited() const override { return awaited_; }
  std::map<std::string, std::string> Requests() override;
  Status OnReply(const std::string& site, const std::string& payload) override;
  void OnDropped(const std::string& site) override { awaited_.erase(site); }
  Outcome CloseStep() override;
  std::string abort_reason() const override { return abort_reason_; }
  const std::vector<double>& sum() const override { return sum_; }
  const std::set<std::string>& contributors() const override { return contributors_; }

 private:
  std::set<std::string> awaited_;
  std::set<std::string> contributors_;
  std::vector<double> sum_;
  std::string abort_reason_;
};

}  // namespace radfed::coordinator
