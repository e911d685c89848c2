// RoundAudit: what the coordinator's audit log records about one secure-aggregation round.
//
// It names who took part in and who dropped out of each step, the digest of every masked input
// (sites log the same digest on their side, see SecAggClient::masked_input_digest), and why the
// round aborted if it did. It never contains inputs, shares or keys.
#pragma once

#include <string>
#include <vector>

#include "common/crypto/sha256.h"
#include "common/secagg/messages.h"

namespace radfed::secagg {

struct StepAudit {
  Step step = Step::kAdvertiseKeys;
  std::vector<std::string> participated;  // answered before the step closed (round site order)
  std::vector<std::string> dropped;       // expected (took part in the previous step) but silent
};

struct MaskedInputAudit {
  std::string site_id;
  crypto::Sha256Digest digest{};  // MaskedInputDigest() of the accepted message
};

struct RoundAudit {
  std::vector<StepAudit> steps;                 // one entry per closed step, in order
  std::vector<MaskedInputAudit> masked_inputs;  // in order of acceptance
  std::vector<std::string> contributors;        // sites whose inputs are in the sum (when done)
  std::string abort_reason;                     // empty unless the round aborted
};

}  // namespace radfed::secagg
