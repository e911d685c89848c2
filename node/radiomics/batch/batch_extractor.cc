#include "node/radiomics/batch/batch_extractor.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/io/file_writing.h"
#include "node/imaging/standard_readers.h"
#include "node/radiomics/feature_csv.h"
#include "node/radiomics/feature_extractor.h"

namespace radfed::radiomics {
namespace {

std::filesystem::path FeaturesPath(const std::filesystem::path& dir, const BatchCase& c) {
  return dir / (c.output_id + ".csv");
}
std::filesystem::path ErrorPath(const std::filesystem::path& dir, const BatchCase& c) {
  return dir / (c.output_id + ".error");
}

Result<std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Extracts one case into its feature table (long CSV text).
Result<std::string> ExtractCase(const imaging::ReaderSet& readers, const BatchCase& c, const ExtractionParams& params) {
  RADFED_ASSIGN_OR_RETURN(imaging::Image image, readers.ReadImage(c.source.image));
  RADFED_ASSIGN_OR_RETURN(imaging::Mask mask, readers.ReadMask(c.source.mask, c.source.roi, image.grid));
  auto extraction = ExtractFeatures(image, mask, params);
  if (!extraction.ok()) {
    return extraction.status().WithContext(c.source.image.string() + " with " + c.source.mask.string());
  }
  std::ostringstream csv;
  WriteFeatureCsv(csv, c.output_id, extraction->features);
  return csv.str();
}

}  // namespace

Result<BatchProgress> RunBatch(const std::vector<BatchCase>& cases, const BatchOptions& options) {
  if (!std::filesystem::is_directory(options.work_dir)) {
    return Status::FailedPrecondition(options.work_dir.string() + ": work directory does not exist");
  }
  const auto start = std::chrono::steady_clock::now();
  BatchProgress progress;
  progress.total = cases.size();
  std::vector<size_t> todo;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (std::filesystem::exists(FeaturesPath(options.work_dir, cases[i]))) {
      ++progress.finished;
      ++progress.resumed;
    } else {
      todo.push_back(i);
    }
  }
  std::mutex mutex;
  Status fatal;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    // One reader set per thread: readers keep no shared state, and this keeps it so.
    const imaging::ReaderSet readers = imaging::StandardReaders();
    for (size_t k = next++; k < todo.size(); k = next++) {
      const BatchCase& c = cases[todo[k]];
      auto table = ExtractCase(readers, c, options.params);
      Status written = table.ok()
                           ? io::WriteFileAtomic(FeaturesPath(options.work_dir, c), *table)
                           : io::WriteFileAtomic(ErrorPath(options.work_dir, c), table.status().message() + "\n");
      if (table.ok()) std::filesystem::remove(ErrorPath(options.work_dir, c));
      std::lock_guard lock(mutex);
      if (!written.ok()) {
        if (fatal.ok()) fatal = written;
        next = todo.size();  // the work directory is unusable: stop taking cases
        return;
      }
      ++(table.ok() ? progress.finished : progress.failed);
      progress.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (options.on_progress) options.on_progress(progress);
    }
  };
  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(todo.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (!fatal.ok()) return fatal;
  return progress;
}

Result<BatchResults> CollectBatchResults(const std::vector<BatchCase>& cases, const std::filesystem::path& work_dir) {
  BatchResults results;
  for (const auto& c : cases) {
    const auto features = FeaturesPath(work_dir, c);
    if (std::filesystem::exists(features)) {
      RADFED_ASSIGN_OR_RETURN(std::string text, ReadText(features));
      RADFED_ASSIGN_OR_RETURN(std::vector<FeatureCsvRow> rows, ParseFeatureCsv(text, features.string()));
      CaseFeatures extracted{c.output_id, {}};
      extracted.features.reserve(rows.size());
      for (auto& row : rows) extracted.features.push_back(std::move(row.feature));
      results.extracted.push_back(std::move(extracted));
    } else if (std::filesystem::exists(ErrorPath(work_dir, c))) {
      RADFED_ASSIGN_OR_RETURN(std::string reason, ReadText(ErrorPath(work_dir, c)));
      while (!reason.empty() && reason.back() == '\n') reason.pop_back();
      results.failures.push_back({c.output_id, reason});
    } else {
      results.failures.push_back({c.output_id, "not extracted (the batch was interrupted)"});
    }
  }
  return results;
}

}  // namespace radfed::radiomics
