// `radfed report`: renders a study result as a self-contained HTML page (see docs/report.md).
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::cli {

void AddReportCommand(CLI::App& app);

}  // namespace radfed::cli
