// CsvTable: a CSV file held as named text columns, as hospitals export them.
//
// RFC 4180: comma separated, fields optionally in double quotes (with "" for a quote), CRLF or LF
// line ends, a header row naming the columns. A UTF-8 byte-order mark is skipped. Rows with the
// wrong number of fields are errors naming the file and line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::cohort {

class CsvTable {
 public:
  static Result<CsvTable> ReadFile(const std::filesystem::path& path);
  // `source` names the text in error messages.
  static Result<CsvTable> Parse(const std::string& text, const std::string& source);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& column_names() const { return names_; }
  size_t row_count() const { return rows_; }
  std::optional<size_t> ColumnIndex(const std::string& name) const;
  // Precondition: column < column_names().size(), row < row_count().
  const std::string& cell(size_t row, size_t column) const { return columns_[column][row]; }
  const std::vector<std::string>& column(size_t index) const { return columns_[index]; }

 private:
  std::string source_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::string>> columns_;
  size_t rows_ = 0;
};

}  // namespace radfed::cohort
