// `radfed audit verify|show|export`: the auditor's tools (see docs/auditor-guide.md).
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::cli {

void AddAuditCommand(CLI::App& app);

}  // namespace radfed::cli
