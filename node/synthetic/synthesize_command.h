// `radfed-node synthesize`: write a synthetic site cohort (DICOM + clinical table) for demos.
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::synthetic {

void AddSynthesizeCommand(CLI::App& app);

}  // namespace radfed::synthetic
