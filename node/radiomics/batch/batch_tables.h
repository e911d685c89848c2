// The files a batch leaves at its --out path, written the same way by `extract-batch` and by
// `merge-features`, so that merged shard outputs are byte for byte those of one unsharded run:
//   <out>              the wide table (feature_columns.h)
//   <out>.errors.csv   case_id,reason for each failed case; absent when none failed
//   <out>.parts/       the per-case parts (batch_extractor.h), kept for resumption, and
//                      params.sha256, the fingerprint of the settings they were extracted with
// and, when asked for, the long table (feature_csv.h) of every extracted case under one header.
#pragma once

#include <filesystem>
#include <vector>

#include "common/status.h"
#include "node/radiomics/batch/batch_extractor.h"
#include "node/radiomics/batch/feature_columns.h"

namespace radfed::radiomics {

std::filesystem::path ErrorsTablePath(const std::filesystem::path& out);
std::filesystem::path PartsDirectory(const std::filesystem::path& out);
std::filesystem::path ParamsFingerprintPath(const std::filesystem::path& out);

// Writes both tables atomically (removing an errors table left by an earlier run when nothing
// failed now).
Status WriteBatchTables(const std::filesystem::path& out, const std::vector<WideRow>& rows,
                        const std::vector<BatchFailure>& failures);

// Writes the long table of `cases` atomically.
Status WriteLongTable(const std::filesystem::path& path, const std::vector<CaseFeatures>& cases);

}  // namespace radfed::radiomics
