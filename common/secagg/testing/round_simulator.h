// Test-only driver of one secure-aggregation round: a server, one client per site and a TestPki,
// wired in memory the way the round engine wires them over gRPC. Every message crosses as bytes
// (Serialize, then Parse), so the simulation also exercises the wire format.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/secagg/client.h"
#include "common/secagg/round_parameters.h"
#include "common/secagg/server.h"
#include "common/secagg/testing/test_pki.h"
#include "common/status.h"

namespace radfed::secagg::testing {

// The input vector of the site with 1-based index `index`; called once per site, just before the
// site masks it, so large inputs need not all be held at once.
using InputProvider = std::function<std::vector<double>(uint32_t index)>;

class RoundSimulator {
 public:
  static Result<std::unique_ptr<RoundSimulator>> Create(const RoundConfig& config,
                                                        InputProvider inputs);

  // Runs `step`: every site expected by the server and not in `silent` handles the server's
  // message for it (none in step 1) and sends its answer; then the server closes the step.
  // Returns the first rejection by a client or the server, else CloseStep()'s status.
  // Precondition: the steps are run in order.
  Status RunStep(Step step, const std::set<std::string>& silent = {});
  // RunStep without the final CloseStep(), so a caller can inspect or snapshot the server first.
  Status DeliverStep(Step step, const std::set<std::string>& silent = {});

  // Runs all four steps; silent[k] lists the sites silent in step k + 1.
  Status RunRound(const std::vector<std::set<std::string>>& silent = {});

  const RoundParameters& params() const { return *params_; }
  TestPki& pki() { return *pki_; }
  SecAggServer& server() { return *server_; }
  SecAggClient& client(const std::string& site_id) { return clients_.at(site_id); }
  // Serialised bytes each site has sent so far, over all steps.
  uint64_t bytes_sent(const std::string& site_id) const;

 private:
  RoundSimulator() = default;

  std::unique_ptr<RoundParameters> params_;
  std::unique_ptr<TestPki> pki_;
  std::unique_ptr<SecAggServer> server_;
  std::map<std::string, SecAggClient> clients_;
  std::map<std::string, uint64_t> bytes_sent_;
  InputProvider inputs_;
};

}  // namespace radfed::secagg::testing
