#include "node/radiomics/batch/merge_features.h"

#include <optional>
#include <unordered_map>

#include "common/io/file_reading.h"
#include "node/cohort/csv_table.h"
#include "node/radiomics/batch/batch_tables.h"

namespace radfed::radiomics {
namespace {

// Where each case was found: its row or its failure, and the file that holds it.
struct Found {
  std::optional<WideRow> row;
  std::optional<BatchFailure> failure;
  std::string file;
  size_t shard = 0;
};

class Collector {
 public:
  explicit Collector(const std::vector<std::string>& output_ids) {
    for (const auto& id : output_ids) found_.emplace(id, Found{});
  }

  Status Add(const std::string& id, const std::string& file, size_t shard, std::optional<WideRow> row,
             std::optional<BatchFailure> failure) {
    const auto it = found_.find(id);
    if (it == found_.end()) {
      return Status::InvalidArgument(file + ": case '" + id +
                                     "' is not in the manifest (a shard of another manifest, or another pseudonym key?)");
    }
    if (!it->second.file.empty()) {
      return Status::InvalidArgument(file + ": case '" + id + "' is also in " + it->second.file +
                                     " (the same shard given twice, or shards of different sizes?)");
    }
    it->second = Found{std::move(row), std::move(failure), file, shard};
    return Status::Ok();
  }

  Found& at(const std::string& id) { return found_.at(id); }

 private:
  std::unordered_map<std::string, Found> found_;
};

Result<cohort::CsvTable> ReadTable(const std::filesystem::path& path, const std::string& first_column) {
  RADFED_ASSIGN_OR_RETURN(cohort::CsvTable table, cohort::CsvTable::ReadFile(path));
  if (table.column_names().empty() || table.column_names()[0] != first_column) {
    return Status::InvalidArgument(path.string() + ": not an extract-batch output (its first column is not '" +
                                   first_column + "')");
  }
  return table;
}

Status AddShard(const std::filesystem::path& path, size_t shard, Collector& collector) {
  RADFED_ASSIGN_OR_RETURN(cohort::CsvTable table, ReadTable(path, "case_id"));
  const auto& names = table.column_names();
  for (size_t r = 0; r < table.row_count(); ++r) {
    WideRow row{table.cell(r, 0), {}};  // Add takes the id from the table, not from the moved row
    for (size_t c = 1; c < names.size(); ++c) {
      if (!table.cell(r, c).empty()) row.cells.emplace_back(names[c], table.cell(r, c));
    }
    RADFED_RETURN_IF_ERROR(collector.Add(table.cell(r, 0), path.string(), shard, std::move(row), std::nullopt));
  }
  const auto errors_path = ErrorsTablePath(path);
  if (!std::filesystem::exists(errors_path)) return Status::Ok();
  RADFED_ASSIGN_OR_RETURN(cohort::CsvTable errors, ReadTable(errors_path, "case_id"));
  const auto reason = errors.ColumnIndex("reason");
  if (!reason) return Status::InvalidArgument(errors_path.string() + ": missing column 'reason'");
  for (size_t r = 0; r < errors.row_count(); ++r) {
    const std::string& id = errors.cell(r, 0);
    RADFED_RETURN_IF_ERROR(
        collector.Add(id, errors_path.string(), shard, std::nullopt, BatchFailure{id, errors.cell(r, *reason)}));
  }
  return Status::Ok();
}

// Shards extracted under different settings hold columns of the same name computed differently.
Status CheckSameSettings(const std::vector<std::filesystem::path>& shard_tables) {
  std::string first, first_shard;
  for (const auto& shard : shard_tables) {
    const auto path = ParamsFingerprintPath(shard);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    RADFED_ASSIGN_OR_RETURN(std::string fingerprint, io::ReadFile(path));
    if (first_shard.empty()) {
      first = fingerprint;
      first_shard = shard.string();
    } else if (fingerprint != first) {
      return Status::FailedPrecondition(shard.string() + ": extracted with other settings than " + first_shard +
                                        " (their params.sha256 differ); merge only shards of one settings file");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<MergedFeatures> MergeShardOutputs(const std::vector<std::string>& output_ids,
                                         const std::vector<std::filesystem::path>& shard_tables) {
  RADFED_RETURN_IF_ERROR(CheckSameSettings(shard_tables));
  Collector collector(output_ids);
  for (size_t s = 0; s < shard_tables.size(); ++s) RADFED_RETURN_IF_ERROR(AddShard(shard_tables[s], s, collector));
  MergedFeatures merged;
  std::vector<std::string> missing;
  for (const auto& id : output_ids) {
    Found& found = collector.at(id);
    if (found.row) {
      merged.rows.push_back(std::move(*found.row));
      merged.row_shards.push_back(found.shard);
    }
    else if (found.failure) merged.failures.push_back(std::move(*found.failure));
    else missing.push_back(id);
  }
  if (!missing.empty()) {
    std::string examples;
    for (size_t i = 0; i < std::min<size_t>(3, missing.size()); ++i) examples += (i ? ", " : "") + missing[i];
    return Status::FailedPrecondition(std::to_string(missing.size()) + " of " + std::to_string(output_ids.size()) +
                                      " cases of the manifest are in no shard output (" + examples +
                                      (missing.size() > 3 ? ", ..." : "") +
                                      "): is a shard missing or unfinished?");
  }
  return merged;
}

Result<std::vector<CaseFeatures>> ReadMergedFeatures(const MergedFeatures& merged,
                                                     const std::vector<std::filesystem::path>& shard_tables) {
  std::vector<CaseFeatures> features;
  features.reserve(merged.rows.size());
  for (size_t r = 0; r < merged.rows.size(); ++r) {
    const auto parts = PartsDirectory(shard_tables[merged.row_shards[r]]);
    const BatchCase c{{}, merged.rows[r].case_id};
    RADFED_ASSIGN_OR_RETURN(BatchResults part, CollectBatchResults({c}, parts));
    if (part.extracted.size() != 1) {
      return Status::NotFound(parts.string() + ": no extracted part for case '" + c.output_id +
                              "', which the long table needs (were the shard's parts removed?)");
    }
    features.push_back(std::move(part.extracted.front()));
  }
  return features;
}

}  // namespace radfed::radiomics
