// Human-readable rendering of study status and results for the terminal.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "radfed/v1/study_service.pb.h"

namespace radfed::cli {

// One line per round: step, who answered / is awaited / dropped / refused (with reasons),
// elapsed time against the timeout, and why a waiting round waits.
std::string DescribeStatus(const v1::StudyStatus& status);

// One line for a round: its step, who answered / is awaited / dropped / refused, elapsed time
// against the step timeout, and why it waits.
std::string DescribeRound(const v1::RoundStatus& round);

// A readable table of a study result (statistics: one row per column and group).
std::string FormatResult(const nlohmann::json& result);

std::string StateName(v1::StudyState state);

}  // namespace radfed::cli
