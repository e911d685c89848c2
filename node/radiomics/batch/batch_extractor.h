// RunBatch: feature extraction for a whole cohort, in parallel, resumable, one failure per case.
//
// Each finished case leaves one file in the work directory, written atomically: <id>.csv (its
// features in the long format of feature_csv.h) or <id>.error (why it failed: the file and the
// problem). A batch started again skips every case with a .csv and retries the others, so an
// interruption (Ctrl-C, power, a crash) loses at most the cases in flight.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/radiomics/batch/feature_columns.h"
#include "node/radiomics/batch/manifest.h"
#include "node/radiomics/extraction_params.h"

namespace radfed::radiomics {

struct BatchCase {
  ManifestCase source;
  std::string output_id;  // the id written to the outputs (a pseudonym unless the site opted out)
};

struct BatchProgress {
  size_t total = 0;
  size_t finished = 0;  // extracted in this run, or found finished from an earlier run
  size_t resumed = 0;   // of `finished`: found finished from an earlier run
  size_t failed = 0;
  double elapsed_seconds = 0;
};

struct BatchOptions {
  ExtractionParams params;
  std::filesystem::path work_dir;  // must exist
  int threads = 1;
  // Called after each case (from worker threads, one call at a time).
  std::function<void(const BatchProgress&)> on_progress;
};

// Runs every case not finished yet. Fails only when the work directory is unusable; a case's
// failure is recorded in its .error file and counted in the result.
Result<BatchProgress> RunBatch(const std::vector<BatchCase>& cases, const BatchOptions& options);

struct BatchFailure {
  std::string output_id;
  std::string reason;
};

struct BatchResults {
  std::vector<CaseFeatures> extracted;  // in the order of `cases`
  std::vector<BatchFailure> failures;
};

// Reads back what RunBatch left in `work_dir` for `cases`.
Result<BatchResults> CollectBatchResults(const std::vector<BatchCase>& cases, const std::filesystem::path& work_dir);

}  // namespace radfed::radiomics
