// `radfed-node serve --config node.yaml`: run the site agent.
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::node {

void AddServeCommand(CLI::App& app);

}  // namespace radfed::node
