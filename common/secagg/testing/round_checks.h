// Test-only checks shared by the secure-aggregation tests: the exact expected sum of a round.
#pragma once

#include <string>
#include <vector>

#include "common/secagg/round_parameters.h"
#include "common/secagg/testing/round_simulator.h"
#include "common/status.h"

namespace radfed::secagg::testing {

// Word-wise sum mod 2^64 of the encodings of `contributors`' inputs, computed in the clear.
Result<std::vector<uint64_t>> ExpectedWordSum(const RoundParameters& params,
                                              const InputProvider& inputs,
                                              const std::vector<std::string>& contributors);

// OK if the server finished and its sum equals ExpectedWordSum exactly and decodes to within
// half a resolution step per contributor of the plain sum of the reals; otherwise a status that
// says what differed.
Status CheckRoundSum(RoundSimulator& sim, const InputProvider& inputs,
                     const std::vector<std::string>& contributors);

}  // namespace radfed::secagg::testing
