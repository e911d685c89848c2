// `radfed-node extract --image PATH --mask PATH [--roi NAME] --params FILE.yaml [--case-id ID]
//  --out FILE.csv|- [--timings]`: the IBSI features of one case as a CSV (feature_csv.h).
//
// Runs entirely at the site and never connects anywhere. Any error exits with status 1 and one
// message naming the file and the problem; a CSV file is only ever replaced when complete.
// docs/radiomics.md documents the options and the parameter file.
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::radiomics {

void AddExtractCommand(CLI::App& app);

}  // namespace radfed::radiomics
