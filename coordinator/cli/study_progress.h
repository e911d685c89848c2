// Human-readable rendering of study status and results for the terminal.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "radfed/v1/study_service.pb.h"

namespace radfed::cli {

// One line per round: step, who answered / is awaited / dropped / refused (with reasons),
// elapsed time against the timeout, and why a waiting round waits.
std::string DescribeStatus(const v1::StudyStatus& status);

// A short line for the latest round only (the live progress view).
std::string DescribeProgress(const v1::StudyStatus& status);

// A readable table of a study result (statistics: one row per column and group).
std::string FormatResult(const nlohmann::json& result);

std::string StateName(v1::StudyState state);

}  // namespace radfed::cli
