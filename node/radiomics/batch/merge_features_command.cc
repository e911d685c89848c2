#include "node/radiomics/batch/merge_features_command.h"

#include <iostream>
#include <memory>

#include "node/radiomics/batch/batch_tables.h"
#include "node/radiomics/batch/manifest.h"
#include "node/radiomics/batch/merge_features.h"
#include "node/radiomics/batch/pseudonym.h"

namespace radfed::radiomics {
namespace {

struct MergeCommandOptions {
  std::string manifest;
  std::string out;
  std::string pseudonym_key;
  std::string long_out;
  bool keep_case_ids = false;
  std::vector<std::string> shards;
};

Result<int> RunMergeFeatures(const MergeCommandOptions& o) {
  RADFED_ASSIGN_OR_RETURN(std::vector<ManifestCase> manifest, ReadManifest(o.manifest));
  const std::filesystem::path out(o.out);
  Pseudonymizer pseudonymizer = Pseudonymizer::Identity();
  if (!o.keep_case_ids) {
    const std::filesystem::path key = o.pseudonym_key.empty()
                                          ? (out.has_parent_path() ? out.parent_path() : ".") / "pseudonym.key"
                                          : std::filesystem::path(o.pseudonym_key);
    if (!std::filesystem::exists(key)) {
      return Status::NotFound(key.string() +
                              ": no pseudonym key; give the one the shards used (--pseudonym-key) or --keep-case-ids");
    }
    RADFED_ASSIGN_OR_RETURN(pseudonymizer, Pseudonymizer::Load(key));
  }
  std::vector<std::string> ids;
  ids.reserve(manifest.size());
  for (const auto& c : manifest) {
    RADFED_ASSIGN_OR_RETURN(std::string id, pseudonymizer.Pseudonym(c.case_id));
    ids.push_back(std::move(id));
  }
  std::vector<std::filesystem::path> shards(o.shards.begin(), o.shards.end());
  for (const auto& shard : shards) {
    std::error_code ec;
    if (std::filesystem::equivalent(shard, out, ec)) {
      return Status::InvalidArgument(out.string() + ": --out is also one of the shard outputs");
    }
  }
  RADFED_ASSIGN_OR_RETURN(MergedFeatures merged, MergeShardOutputs(ids, shards));
  // Read before anything is written, so a missing part leaves no half-merged output.
  std::vector<CaseFeatures> long_rows;
  if (!o.long_out.empty()) {
    RADFED_ASSIGN_OR_RETURN(long_rows, ReadMergedFeatures(merged, shards));
  }
  RADFED_RETURN_IF_ERROR(WriteBatchTables(out, merged.rows, merged.failures));
  if (!o.long_out.empty()) RADFED_RETURN_IF_ERROR(WriteLongTable(o.long_out, long_rows));
  std::cerr << out.string() << ": " << merged.rows.size() << " of " << ids.size() << " cases from " << shards.size()
            << " shard outputs";
  if (!merged.failures.empty()) {
    std::cerr << "; " << merged.failures.size() << " failed, see " << ErrorsTablePath(out).string() << "\n";
    return 2;
  }
  std::cerr << "\n";
  return 0;
}

}  // namespace

void AddMergeFeaturesCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("merge-features", "Join the outputs of extract-batch --shard runs into one table");
  auto o = std::make_shared<MergeCommandOptions>();
  cmd->add_option("--manifest", o->manifest, "the manifest the shards ran on (it gives the row order)")->required();
  cmd->add_option("--out", o->out, "merged wide feature table (CSV)")->required();
  cmd->add_option("--pseudonym-key", o->pseudonym_key,
                  "the site secret the shards used (default: pseudonym.key beside --out; must exist)");
  cmd->add_option("--long", o->long_out,
                  "also write the long table, from the parts each shard keeps in <table>.parts/");
  cmd->add_flag("--keep-case-ids", o->keep_case_ids, "the shards ran with --keep-case-ids");
  cmd->get_option("--keep-case-ids")->excludes("--pseudonym-key");
  cmd->add_option("shards", o->shards, "the shards' --out tables (their .errors.csv are read beside them)")
      ->required();
  cmd->callback([o] {
    auto code = RunMergeFeatures(*o);
    if (!code.ok()) {
      std::cerr << "radfed-node merge-features: " << code.status().message() << "\n";
      std::exit(1);
    }
    std::exit(*code);
  });
}

}  // namespace radfed::radiomics
