#include "node/cohort/csv_table.h"

#include <fstream>
#include <set>
#include <sstream>

#include "common/io/file_reading.h"

namespace radfed::cohort {
namespace {

// Splits `text` into records of fields; `line_of_record` gets each record's first line number.
Status SplitRecords(const std::string& text, const std::string& source,
                    std::vector<std::vector<std::string>>* records,
                    std::vector<size_t>* line_of_record) {
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  size_t line = 1;
  size_t record_line = 1;
  size_t pos = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) {
      records->push_back(std::move(record));
      line_of_record->push_back(record_line);
    }
    record.clear();
  };
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (in_quotes) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field += '"';
          ++pos;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty() || field_was_quoted) {
          return Status::InvalidArgument(source + ": line " + std::to_string(line) +
                                         ": quote inside an unquoted field");
        }
        in_quotes = true;
        field_was_quoted = true;
        break;
      case ',':
        record.push_back(std::move(field));
        field.clear();
        field_was_quoted = false;
        break;
      case '\r':
        break;
      case '\n':
        end_record();
        ++line;
        record_line = line;
        break;
      default:
        field += c;
    }
  }
  if (in_quotes) {
    return Status::InvalidArgument(source + ": line " + std::to_string(record_line) +
                                   ": quoted field not closed before the end of the file");
  }
  if (!field.empty() || !record.empty() || field_was_quoted) end_record();
  return Status::Ok();
}

}  // namespace

Result<CsvTable> CsvTable::ReadFile(const std::filesystem::path& path) {
  RADFED_ASSIGN_OR_RETURN(std::string text, io::ReadFile(path));
  return Parse(text, path.string());
}

Result<CsvTable> CsvTable::Parse(const std::string& text, const std::string& source) {
  std::vector<std::vector<std::string>> records;
  std::vector<size_t> lines;
  RADFED_RETURN_IF_ERROR(SplitRecords(text, source, &records, &lines));
  if (records.empty()) return Status::InvalidArgument(source + ": empty file (no header row)");

  CsvTable table;
  table.source_ = source;
  table.names_ = std::move(records[0]);
  std::set<std::string> seen;
  for (size_t c = 0; c < table.names_.size(); ++c) {
    if (!seen.insert(table.names_[c]).second) {
      return Status::InvalidArgument(source + ": column '" + table.names_[c] +
                                     "' appears twice in the header");
    }
  }
  const size_t width = table.names_.size();
  table.columns_.assign(width, {});
  for (auto& column : table.columns_) column.reserve(records.size() - 1);
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != width) {
      return Status::InvalidArgument(source + ": line " + std::to_string(lines[r]) + ": " +
                                     std::to_string(records[r].size()) + " fields, the header has " +
                                     std::to_string(width));
    }
    for (size_t c = 0; c < width; ++c) table.columns_[c].push_back(std::move(records[r][c]));
  }
  table.rows_ = records.size() - 1;
  return table;
}

std::optional<size_t> CsvTable::ColumnIndex(const std::string& name) const {
  for (size_t c = 0; c < names_.size(); ++c)
    if (names_[c] == name) return c;
  return std::nullopt;
}

}  // namespace radfed::cohort
