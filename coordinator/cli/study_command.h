// `radfed study run|status|list`: the operator's view of studies.
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::cli {

void AddStudyCommand(CLI::App& app);

}  // namespace radfed::cli
