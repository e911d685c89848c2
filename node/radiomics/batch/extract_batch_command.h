// `radfed-node extract-batch`: IBSI features for every case of a cohort manifest.
//
//   radfed-node extract-batch --manifest cohort.csv --params params.yaml --out features.csv
//       [--threads N] [--long features-long.csv] [--pseudonym-key FILE | --keep-case-ids]
//       [--shard i/N]
//
// Writes a wide table (feature_columns.h) and optionally the long one of `extract`; failed cases
// go to <out>.errors.csv (case and reason) without stopping the batch. Work in progress lives in
// <out>.parts/, so running the same command again resumes. Exit status: 0 all cases extracted,
// 2 some cases failed (the tables hold the others), 1 nothing usable (bad manifest, parameters,
// key or output directory). With --shard, only the cases of that shard (shard.h) are extracted;
// `radfed-node merge-features` (merge_features_command.h) joins the shards' outputs.
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::radiomics {

void AddExtractBatchCommand(CLI::App& app);

}  // namespace radfed::radiomics
