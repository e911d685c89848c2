// SimulateStudy: a study run in one process, for tests that need a real result JSON without
// starting a federation. Each site's vector is computed from its own tables by the same site code
// the nodes run (ModelContribution / StatisticsContribution, default guards); the vectors are
// summed in plain, which is what secure aggregation hands the plan. The result is what
// `radfed study run --out` writes (with study_id "simulated").
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "common/status.h"
#include "tests/model/reference_data.h"

namespace radfed::testing {

Result<nlohmann::json> SimulateStudy(const std::string& spec_yaml, const SiteTables& tables);

}  // namespace radfed::testing
