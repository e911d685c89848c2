#include "node/radiomics/batch/batch_extractor.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/io/file_reading.h"
#include "common/crypto/sha256.h"
#include "common/io/file_writing.h"
#include "node/imaging/standard_readers.h"
#include "node/radiomics/feature_csv.h"
#include "node/radiomics/feature_extractor.h"

namespace radfed::radiomics {
namespace {

// Part files are named by the case's output id where that is a plain file name (pseudonyms
// always are). Hospital ids kept with --keep-case-ids may hold '/', '..' or be absolute or very
// long; those are named by a hash, so that no id names a path outside the parts directory.
std::string PartStem(const std::string& id) {
  const bool plain = !id.empty() && id.size() <= 100 && id != "." && id != ".." &&
                     std::all_of(id.begin(), id.end(), [](char ch) {
                       return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.';
                     });
  if (plain) return id;
  const auto digest = crypto::Sha256(crypto::ByteView(reinterpret_cast<const uint8_t*>(id.data()), id.size()));
  return "id-" + crypto::DigestHex(*digest);
}
std::filesystem::path FeaturesPath(const std::filesystem::path& dir, const BatchCase& c) {
  return dir / (PartStem(c.output_id) + ".csv");
}
std::filesystem::path ErrorPath(const std::filesystem::path& dir, const BatchCase& c) {
  return dir / (PartStem(c.output_id) + ".error");
}
bool Exists(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
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
    if (Exists(FeaturesPath(options.work_dir, cases[i]))) {
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
      std::error_code ignored;  // the error part may not exist
      if (table.ok()) std::filesystem::remove(ErrorPath(options.work_dir, c), ignored);
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
    if (Exists(features)) {
      RADFED_ASSIGN_OR_RETURN(std::string text, io::ReadFile(features));
      RADFED_ASSIGN_OR_RETURN(std::vector<FeatureCsvRow> rows, ParseFeatureCsv(text, features.string()));
      CaseFeatures extracted{c.output_id, {}};
      extracted.features.reserve(rows.size());
      for (auto& row : rows) extracted.features.push_back(std::move(row.feature));
      results.extracted.push_back(std::move(extracted));
    } else if (Exists(ErrorPath(work_dir, c))) {
      RADFED_ASSIGN_OR_RETURN(std::string reason, io::ReadFile(ErrorPath(work_dir, c)));
      while (!reason.empty() && reason.back() == '\n') reason.pop_back();
      results.failures.push_back({c.output_id, reason});
    } else {
      results.failures.push_back({c.output_id, "not extracted (the batch was interrupted)"});
    }
  }
  return results;
}

}  // namespace radfed::radiomics
