// AggregationRound: the coordinator's side of one attempt at aggregating one vector per site.
//
// The study runner moves a round through its steps: it sends each awaited site the request of the
// current step, feeds replies and dropouts in, and closes the step when every awaited site has
// answered or the step's deadline has passed. The round decides what the steps are and what it
// learns; the runner owns the network and the clock.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "radfed/v1/site_session.pb.h"

namespace radfed::coordinator {

class AggregationRound {
 public:
  enum class Outcome { kNextStep, kDone, kAborted };

  virtual ~AggregationRound() = default;

  virtual v1::AggregationStep step() const = 0;
  // Sites whose reply the current step still waits for.
  virtual std::set<std::string> awaited() const = 0;
  // The payload to send to each site at the start of the current step.
  virtual std::map<std::string, std::string> Requests() = 0;
  // A site's reply to the current step. An error means the reply was malformed, duplicated or
  // from a site not awaited; the round's state is then unchanged and the caller drops the site.
  virtual Status OnReply(const std::string& site, const std::string& payload) = 0;
  // The site will not answer the current step (refused, disconnected, sent garbage).
  virtual void OnDropped(const std::string& site) = 0;
  // Ends the current step; sites still awaited count as dropped.
  virtual Outcome CloseStep() = 0;
  // Why the round aborted (after kAborted).
  virtual std::string abort_reason() const = 0;

  // For the audit log: who took part in and dropped out of each closed step, and the digest of
  // every input the round received, as JSON. Never contains inputs.
  virtual nlohmann::json Transcript() const = 0;

  // After kDone: the element-wise sum over contributors() of their vectors.
  virtual const std::vector<double>& sum() const = 0;
  virtual const std::set<std::string>& contributors() const = 0;
};

}  // namespace radfed::coordinator
