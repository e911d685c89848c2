// `radfed-node merge-features`: joins the outputs of `extract-batch --shard i/N` runs.
//
//   radfed-node merge-features --manifest cohort.csv --out features.csv [--long features-long.csv]
//       [--pseudonym-key FILE | --keep-case-ids] features-0.csv features-1.csv ...
//
// Takes the manifest and pseudonym options the shards ran with (the key must exist: a merge never
// creates one) and writes <out> and <out>.errors.csv exactly as one unsharded extract-batch run
// would (merge_features.h); with --long, also its long table, from the parts the shards keep.
// Exit status as extract-batch: 0 every case extracted, 2 some cases
// failed, 1 nothing written (a shard missing, a case in two shards, an unreadable table, ...).
#pragma once

#include <CLI/CLI.hpp>

namespace radfed::radiomics {

void AddMergeFeaturesCommand(CLI::App& app);

}  // namespace radfed::radiomics
