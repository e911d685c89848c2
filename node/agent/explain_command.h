// `radfed-node explain --config node.yaml --result result.json --patient ID [--json]`: each term's
// contribution to one local patient's linear predictor under a fitted federated model.
//
// Runs entirely at the site: it reads the site's own cohort and a study result, prints to the
// terminal, and never connects to the coordinator.
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::node {

void AddExplainCommand(CLI::App& app);

}  // namespace radfed::node
