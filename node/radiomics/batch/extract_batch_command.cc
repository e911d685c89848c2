#include "node/radiomics/batch/extract_batch_command.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "common/crypto/sha256.h"
#include "common/io/file_reading.h"
#include "common/io/file_writing.h"
#include "node/radiomics/batch/batch_extractor.h"
#include "node/radiomics/batch/batch_tables.h"
#include "node/radiomics/batch/manifest.h"
#include "node/radiomics/batch/pseudonym.h"
#include "node/radiomics/batch/shard.h"
#include "node/radiomics/feature_csv.h"

namespace radfed::radiomics {
namespace {

struct BatchCommandOptions {
  std::string manifest;
  std::string params;
  std::string out;
  std::string long_out;
  std::string pseudonym_key;
  std::string shard;
  bool keep_case_ids = false;
  int threads = 0;
};

std::string FormatDuration(double seconds) {
  const int s = static_cast<int>(seconds + 0.5);
  char text[32];
  std::snprintf(text, sizeof text, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return text;
}

// Progress on stderr: rewritten in place on a terminal, one line per ~5 % in a log file.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(size_t total) : tty_(isatty(STDERR_FILENO) != 0), step_(std::max<size_t>(1, total / 20)) {}

  void operator()(const BatchProgress& p) {
    const size_t done = p.finished + p.failed;
    const size_t fresh = done - p.resumed;
    if (!tty_ && done != p.total && fresh % step_ != 0) return;
    const double rate = p.elapsed_seconds > 0 ? static_cast<double>(fresh) / p.elapsed_seconds : 0;
    const double left = rate > 0 ? static_cast<double>(p.total - done) / rate : 0;
    std::fprintf(stderr, "%s%zu/%zu cases (%zu failed), %.1f cases/min, %s left%s", tty_ ? "\r" : "", done, p.total,
                 p.failed, rate * 60, FormatDuration(left).c_str(), tty_ ? "   " : "\n");
    if (tty_ && done == p.total) std::fputc('\n', stderr);
  }

 private:
  bool tty_;
  size_t step_;
};

// Parts of an earlier run are reused only if they were extracted with the same parameters.
Status CheckParamsFingerprint(const std::filesystem::path& out, const std::string& params_text) {
  const std::filesystem::path work_dir = PartsDirectory(out);
  const auto view = crypto::ByteView(reinterpret_cast<const uint8_t*>(params_text.data()), params_text.size());
  RADFED_ASSIGN_OR_RETURN(crypto::Sha256Digest digest, crypto::Sha256(view));
  const std::string fingerprint = crypto::DigestHex(digest) + "\n";
  const auto path = ParamsFingerprintPath(out);
  if (std::filesystem::exists(path)) {
    RADFED_ASSIGN_OR_RETURN(std::string earlier, io::ReadFile(path));
    if (earlier != fingerprint) {
      return Status::FailedPrecondition(work_dir.string() +
                                        ": holds cases extracted with other parameters; remove it to start over");
    }
    return Status::Ok();
  }
  return io::WriteFileAtomic(path, fingerprint);
}

Result<int> RunExtractBatch(const BatchCommandOptions& o) {
  // Checked before hours of extraction, not after.
  std::error_code ec;
  if (std::filesystem::is_directory(o.out, ec)) {
    return Status::InvalidArgument(o.out + ": a directory; --out names the feature table (a .csv file) to write");
  }
  RADFED_ASSIGN_OR_RETURN(std::vector<ManifestCase> manifest, ReadManifest(o.manifest));
  const size_t manifest_size = manifest.size();
  if (!o.shard.empty()) {
    RADFED_ASSIGN_OR_RETURN(Shard shard, ParseShard(o.shard));
    RADFED_ASSIGN_OR_RETURN(manifest, SelectShard(std::move(manifest), shard));
    std::cerr << "shard " << shard.index << "/" << shard.count << ": " << manifest.size() << " of " << manifest_size
              << " cases\n";
  }
  RADFED_ASSIGN_OR_RETURN(std::string params_text, io::ReadFile(o.params));
  RADFED_ASSIGN_OR_RETURN(ExtractionParams params, ParseExtractionParams(params_text, o.params));

  const std::filesystem::path out(o.out);
  const std::filesystem::path out_dir = out.has_parent_path() ? out.parent_path() : ".";
  Pseudonymizer pseudonymizer = Pseudonymizer::Identity();
  if (!o.keep_case_ids) {
    const std::filesystem::path key = o.pseudonym_key.empty() ? out_dir / "pseudonym.key" : std::filesystem::path(o.pseudonym_key);
    bool created = false;
    RADFED_ASSIGN_OR_RETURN(pseudonymizer, Pseudonymizer::LoadOrCreate(key, &created));
    if (created) std::cerr << "created the site's pseudonym key " << key.string() << " (keep it: same key, same pseudonyms)\n";
  }
  std::vector<BatchCase> cases;
  for (auto& source : manifest) {
    RADFED_ASSIGN_OR_RETURN(std::string id, pseudonymizer.Pseudonym(source.case_id));
    cases.push_back({std::move(source), std::move(id)});
  }

  const std::filesystem::path work_dir = PartsDirectory(out);
  std::filesystem::create_directories(work_dir, ec);
  if (ec) return Status::IoError(work_dir.string() + ": " + ec.message());
  RADFED_RETURN_IF_ERROR(CheckParamsFingerprint(out, params_text));

  BatchOptions options{params, work_dir, o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency()), {}};
  ProgressPrinter printer(cases.size());
  options.on_progress = [&](const BatchProgress& p) { printer(p); };
  RADFED_ASSIGN_OR_RETURN(BatchProgress progress, RunBatch(cases, options));
  if (progress.resumed > 0) std::cerr << progress.resumed << " cases were already extracted by an earlier run\n";

  RADFED_ASSIGN_OR_RETURN(BatchResults results, CollectBatchResults(cases, work_dir));
  std::vector<WideRow> wide_rows;
  for (const auto& extracted : results.extracted) wide_rows.push_back(ToWideRow(extracted));
  RADFED_RETURN_IF_ERROR(WriteBatchTables(out, wide_rows, results.failures));
  if (!o.long_out.empty()) RADFED_RETURN_IF_ERROR(WriteLongTable(o.long_out, results.extracted));
  const std::filesystem::path errors = ErrorsTablePath(out);
  std::cerr << out.string() << ": " << results.extracted.size() << " of " << cases.size() << " cases";
  if (!results.failures.empty()) {
    std::cerr << "; " << results.failures.size() << " failed, see " << errors.string() << "\n";
    for (size_t i = 0; i < std::min<size_t>(3, results.failures.size()); ++i) {
      std::cerr << "  " << results.failures[i].output_id << ": " << results.failures[i].reason << "\n";
    }
    return 2;
  }
  std::cerr << "\n";
  return 0;
}

}  // namespace

void AddExtractBatchCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("extract-batch", "Extract IBSI features for every case of a cohort manifest");
  auto o = std::make_shared<BatchCommandOptions>();
  cmd->add_option("--manifest", o->manifest, "CSV with case_id,image,mask,roi (paths relative to it)")->required();
  cmd->add_option("--params", o->params, "extraction parameter file (YAML, docs/radiomics.md)")->required();
  cmd->add_option("--out", o->out, "wide feature table (CSV): one row per case")->required();
  cmd->add_option("--long", o->long_out, "also write the long table (one row per feature value)");
  cmd->add_option("--threads", o->threads, "worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--pseudonym-key", o->pseudonym_key,
                  "site secret for case-id pseudonyms (default: pseudonym.key beside --out; created if missing)");
  cmd->add_option("--shard", o->shard,
                  "extract only shard i of N (i/N, from 0; by a hash of the case id); merge-features joins the shards");
  cmd->add_flag("--keep-case-ids", o->keep_case_ids, "write the manifest's case ids unchanged (opt out of pseudonyms)");
  cmd->get_option("--keep-case-ids")->excludes("--pseudonym-key");
  cmd->callback([o] {
    auto code = RunExtractBatch(*o);
    if (!code.ok()) {
      std::cerr << "radfed-node extract-batch: " << code.status().message() << "\n";
      std::exit(1);
    }
    std::exit(*code);
  });
}

}  // namespace radfed::radiomics
