// Cohort: a site's patients, one row each, joined from its local tables.
//
// A site names one or more CSV tables and the key column of each (e.g. a feature table keyed by
// case id and a clinical table keyed by patient id). Rows are joined on equal keys (inner join:
// a patient must appear in every table); how many rows each table lost in the join is kept as
// counts, never as rows, so it can be reported without disclosing who was dropped.
#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "node/cohort/csv_table.h"

namespace radfed::cohort {

struct TableSource {
  std::filesystem::path path;
  std::string key;  // name of the key column in this table
};

struct JoinReport {
  struct PerTable {
    std::string source;
    size_t rows = 0;
    size_t unmatched = 0;  // rows without a partner in every other table
  };
  std::vector<PerTable> tables;
  size_t joined_rows = 0;
};

// A numeric column as doubles; NaN marks a missing value.
struct NumericColumn {
  std::vector<double> values;
  size_t missing = 0;
};

class Cohort {
 public:
  // Reads and joins the tables. Errors: unreadable file, missing key column, duplicate key
  // within a table, a non-key column name present in two tables (ambiguous).
  static Result<Cohort> Load(const std::vector<TableSource>& tables);
  // Builds a cohort from tables already in memory (first table's key column names the join key).
  static Result<Cohort> Join(std::vector<CsvTable> tables, const std::vector<std::string>& keys);

  size_t row_count() const { return rows_; }
  const JoinReport& join_report() const { return report_; }
  bool HasColumn(const std::string& name) const;
  std::vector<std::string> column_names() const;

  // The values of `name` as numbers. Empty cells and NA / NaN / "." are missing. Any other
  // non-numeric cell makes the column an error that names the column and how many cells are
  // bad (not their values: those could identify a patient).
  Result<NumericColumn> Numeric(const std::string& name) const;

  // The raw text of a column (e.g. the key, for local explanations). NotFound if absent.
  Result<std::vector<std::string>> Text(const std::string& name) const;

 private:
  struct Column {
    std::string name;
    std::vector<std::string> cells;
  };
  const Column* Find(const std::string& name) const;

  std::vector<Column> columns_;
  // Column index by name: radiomics cohorts have thousands of columns, and a study looks up
  // each of its columns every round.
  std::unordered_map<std::string, size_t> by_name_;
  size_t rows_ = 0;
  JoinReport report_;
};

// True for cells radfed treats as missing: "", "NA", "NaN", "nan", "." (surrounding blanks
// ignored).
bool IsMissingCell(const std::string& cell);

}  // namespace radfed::cohort
