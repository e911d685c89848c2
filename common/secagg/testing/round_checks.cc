#include "common/secagg/testing/round_checks.h"

#include <cmath>

namespace radfed::secagg::testing {

Result<std::vector<uint64_t>> ExpectedWordSum(const RoundParameters& params,
                                              const InputProvider& inputs,
                                              const std::vector<std::string>& contributors) {
  std::vector<uint64_t> sum(params.masked_words(), 0);
  std::vector<uint64_t> words(params.masked_words());
  for (const std::string& site : contributors) {
    std::optional<uint32_t> index = params.IndexOf(site);
    if (!index) return Status::InvalidArgument("unknown contributor '" + site + "'");
    RADFED_RETURN_IF_ERROR(params.codec().Encode(inputs(*index), words));
    for (size_t i = 0; i < sum.size(); ++i) sum[i] += words[i];
  }
  return sum;
}

Status CheckRoundSum(RoundSimulator& sim, const InputProvider& inputs,
                     const std::vector<std::string>& contributors) {
  const SecAggServer& server = sim.server();
  if (server.state() != ServerState::kDone) {
    return Status::FailedPrecondition("server state " +
                                      std::string(ServerStateName(server.state())) + ": " +
                                      server.abort_reason());
  }
  if (server.audit().contributors != contributors) {
    return Status::Internal("the audit lists other contributors than expected");
  }
  RADFED_ASSIGN_OR_RETURN(std::vector<uint64_t> expected,
                          ExpectedWordSum(sim.params(), inputs, contributors));
  if (server.sum() != expected) return Status::Internal("the unmasked word sum is not exact");

  RADFED_ASSIGN_OR_RETURN(std::vector<double> decoded, server.DecodedSum());
  const size_t d = sim.params().config().vector_length;
  std::vector<long double> plain(d, 0);
  for (const std::string& site : contributors) {
    std::vector<double> x = inputs(*sim.params().IndexOf(site));
    for (size_t i = 0; i < d; ++i) plain[i] += x[i];
  }
  const double resolution = sim.params().codec().resolution();
  for (size_t i = 0; i < d; ++i) {
    long double error = std::fabs(static_cast<long double>(decoded[i]) - plain[i]);
    // Quantisation (half a step per site) plus the final rounding to double.
    long double bound = contributors.size() * resolution / 2 + std::fabs(plain[i]) * 2.3e-16L;
    if (error > bound) {
      return Status::Internal("decoded element " + std::to_string(i) + " = " +
                              std::to_string(decoded[i]) + " is off the plain sum by " +
                              std::to_string(static_cast<double>(error)));
    }
  }
  return Status::Ok();
}

}  // namespace radfed::secagg::testing
