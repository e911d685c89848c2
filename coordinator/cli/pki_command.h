// `radfed pki init|issue|revoke|list`: the consortium CA (see docs/pki.md).
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::cli {

void AddPkiCommand(CLI::App& app);

}  // namespace radfed::cli
