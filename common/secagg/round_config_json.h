// The secure-aggregation round configuration as JSON: the coordinator sends it to every site with
// the first step of a round, so all parties build identical RoundParameters (their digest is
// signed into each key advertisement, so any disagreement fails the round at step 2).
#pragma once

#include <nlohmann/json.hpp>

#include "common/secagg/round_parameters.h"

namespace radfed::secagg {

nlohmann::json RoundConfigToJson(const RoundConfig& config);
Result<RoundConfig> RoundConfigFromJson(const nlohmann::json& j);

}  // namespace radfed::secagg
