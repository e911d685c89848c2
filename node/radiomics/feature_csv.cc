#include "node/radiomics/feature_csv.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace radfed::radiomics {
namespace {

// Splits the next record off `text` (which may span lines inside quotes). Returns false on an
// unterminated quote or a quote in the middle of an unquoted field.
bool NextRecord(std::string_view& text, std::vector<std::string>& fields) {
  fields.assign(1, "");
  size_t i = 0;
  bool quoted = false;
  bool field_was_quoted = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        fields.back() += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      if (!fields.back().empty() || field_was_quoted) return false;
      quoted = field_was_quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
      field_was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      break;
    } else {
      if (field_was_quoted) return false;
      fields.back() += c;
    }
  }
  if (quoted) return false;
  if (i < text.size() && text[i] == '\r') ++i;
  if (i < text.size() && text[i] == '\n') ++i;
  text.remove_prefix(i);
  return true;
}

Result<double> ParseValue(const std::string& field) {
  if (field == "NaN") return NAN;
  if (field == "Inf") return HUGE_VAL;
  if (field == "-Inf") return -HUGE_VAL;
  double value = 0;
  const char* end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, value);
  if (field.empty() || ec != std::errc() || ptr != end) {
    return Status::InvalidArgument("'" + field + "' is not a number");
  }
  return value;
}

}  // namespace

std::string CsvField(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string FormatFeatureValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void WriteFeatureCsv(std::ostream& out, std::string_view case_id, const FeatureList& features) {
  out << kFeatureCsvHeader << '\n';
  const std::string id = CsvField(case_id);
  for (const FeatureValue& f : features) {
    out << id << ',' << CsvField(f.family) << ',' << CsvField(f.feature) << ','
        << CsvField(f.ibsi_id) << ',' << CsvField(f.aggregation) << ','
        << FormatFeatureValue(f.value) << '\n';
  }
}

Result<std::vector<FeatureCsvRow>> ParseFeatureCsv(std::string_view text,
                                                   const std::string& source) {
  std::vector<FeatureCsvRow> rows;
  std::vector<std::string> fields;
  int line = 1;
  if (!NextRecord(text, fields) || fields.size() != 6) {
    return Status::InvalidArgument(source + ": expected the header '" +
                                   std::string(kFeatureCsvHeader) + "'");
  }
  std::string header;
  for (const auto& f : fields) header += (header.empty() ? "" : ",") + f;
  if (header != kFeatureCsvHeader) {
    return Status::InvalidArgument(source + ": expected the header '" +
                                   std::string(kFeatureCsvHeader) + "', got '" + header + "'");
  }
  while (!text.empty()) {
    ++line;
    const std::string where = source + ": line " + std::to_string(line);
    if (!NextRecord(text, fields)) return Status::InvalidArgument(where + ": malformed quoting");
    if (fields.size() != 6) {
      return Status::InvalidArgument(where + ": expected 6 fields, got " +
                                     std::to_string(fields.size()));
    }
    auto value = ParseValue(fields[5]);
    if (!value.ok()) return value.status().WithContext(where);
    rows.push_back({fields[0], {fields[1], fields[2], fields[3], fields[4], *value}});
  }
  return rows;
}

}  // namespace radfed::radiomics
