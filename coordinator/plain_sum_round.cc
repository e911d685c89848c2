#include "coordinator/plain_sum_round.h"


namespace radfed::coordinator {

PlainSumRound::PlainSumRound(std::set<std::string> participants, size_t length)
    : awaited_(std::move(participants)), sum_(length, 0.0) {}

std::map<std::string, std::string> PlainSumRound::Requests() {
  std::map<std::string, std::string> requests;
  for (const std::string& site : awaited_) requests[site] = "";
  return requests;
}

Status PlainSumRound::OnReply(const std::string& site, const std::string& payload) {
  if (!awaited_.count(site)) return Status::InvalidArgument("unexpected reply from " + site);
  RADFED_ASSIGN_OR_RETURN(std::vector<double> v, rpc::DecodePlainVector(payload, sum_.size()));
  for (size_t i = 0; i < v.size(); ++i) sum_[i] += v[i];
  awaited_.erase(site);
  contributors_.insert(site);
  return Status::Ok();
}

AggregationRound::Outcome PlainSumRound::CloseStep() {
  awaited_.clear();
  if (contributors_.empty()) {
    abort_reason_ = "no site contributed";
    return Outcome::kAborted;
  }
  return Outcome::kDone;
}

}  // namespace radfed::coordinator
