// `radfed-node pseudonymise --table clinical.csv --column patient_id --out clinical-p.csv
//  [--pseudonym-key FILE]`: replaces a key column by the site's pseudonyms (pseudonym.h), the same
// ones `extract-batch` writes, so a clinical table joins the feature table without either
// carrying hospital ids.
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::radiomics {

void AddPseudonymiseCommand(CLI::App& app);

}  // namespace radfed::radiomics
