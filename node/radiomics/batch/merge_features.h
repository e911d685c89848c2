// Merging the outputs of `extract-batch --shard i/N` runs into what one unsharded run writes.
//
// A shard's output is its wide table and, when some of its cases failed, the table's errors file
// (batch_tables.h). Shards are chosen by hash (shard.h), so only the manifest knows the row order
// of an unsharded run: the merge takes the manifest's output ids and puts every row and failure
// back in manifest order. A wide table's non-empty cells are exactly the features its case has
// (feature_columns.h), so the merged tables come out byte for byte as an unsharded run's.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/radiomics/batch/batch_extractor.h"
#include "node/radiomics/batch/feature_columns.h"

namespace radfed::radiomics {

struct MergedFeatures {
  std::vector<WideRow> rows;           // manifest order
  std::vector<size_t> row_shards;      // for each row, the index of the shard table it came from
  std::vector<BatchFailure> failures;  // manifest order
};

// `output_ids`: the ids the shards wrote for the manifest's cases (pseudonyms unless the site
// opted out), in manifest order. Errors name the file and the case: a table without a case_id
// column, a case in two shard outputs (or twice in one), a case that is not in the manifest
// (another manifest or pseudonym key), and manifest cases in no shard output (a shard missing or
// unfinished).
Result<MergedFeatures> MergeShardOutputs(const std::vector<std::string>& output_ids,
                                         const std::vector<std::filesystem::path>& shard_tables);

// The features of every merged row, read from the part its shard left in PartsDirectory(table)
// (batch_tables.h), for the long table. Errors name a missing part (the shard's parts removed).
Result<std::vector<CaseFeatures>> ReadMergedFeatures(const MergedFeatures& merged,
                                                     const std::vector<std::filesystem::path>& shard_tables);

}  // namespace radfed::radiomics
