#include "node/radiomics/batch/feature_columns.h"

#include <cctype>
#include <map>
#include <string_view>
#include <unordered_map>

#include "node/radiomics/feature_csv.h"

namespace radfed::radiomics {
namespace {

std::string_view FamilyPrefix(const std::string& family) {
  static const std::map<std::string, std::string_view, std::less<>> kPrefixes = {
      {"Morphological features", "morph"},
      {"Local intensity features", "li"},
      {"Intensity-based statistical features", "stat"},
      {"Intensity histogram features", "ih"},
      {"Intensity-volume histogram features", "ivh"},
      {"Grey level co-occurrence based features", "glcm"},
      {"Grey level run length based features", "glrlm"},
      {"Grey level size zone based features", "glszm"},
      {"Grey level distance zone based features", "gldzm"},
      {"Neighbourhood grey tone difference based features", "ngtdm"},
      {"Neighbouring grey level dependence based features", "ngldm"},
  };
  const auto it = kPrefixes.find(family);
  return it == kPrefixes.end() ? std::string_view("feature") : it->second;
}

// Lower case; each run of characters other than letters and digits becomes one '_'.
void AppendSlug(std::string& out, const std::string& text) {
  bool pending = false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (pending) out += '_';
      pending = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      pending = true;
    }
  }
}

}  // namespace

std::string FeatureColumnName(const FeatureValue& feature) {
  std::string name(FamilyPrefix(feature.family));
  name += '_';
  AppendSlug(name, feature.feature);
  if (!feature.aggregation.empty()) {
    name += '_';
    AppendSlug(name, feature.aggregation);
  }
  return name;
}

WideRow ToWideRow(const CaseFeatures& features) {
  WideRow row{features.case_id, {}};
  row.cells.reserve(features.features.size());
  for (const auto& f : features.features) row.cells.emplace_back(FeatureColumnName(f), FormatFeatureValue(f.value));
  return row;
}

void WriteWideTable(std::ostream& out, const std::vector<WideRow>& rows) {
  std::vector<std::string> columns;
  std::unordered_map<std::string, size_t> index;
  for (const auto& row : rows) {
    for (const auto& [name, cell] : row.cells) {
      if (index.emplace(name, columns.size()).second) columns.push_back(name);
    }
  }
  out << "case_id";
  for (const auto& name : columns) out << ',' << name;
  out << '\n';
  std::vector<std::string> cells;
  for (const auto& row : rows) {
    cells.assign(columns.size(), "");
    for (const auto& [name, cell] : row.cells) cells[index.at(name)] = cell;
    out << CsvField(row.case_id);
    for (const auto& cell : cells) out << ',' << cell;
    out << '\n';
  }
}

void WriteWideFeatureTable(std::ostream& out, const std::vector<CaseFeatures>& cases) {
  std::vector<WideRow> rows;
  rows.reserve(cases.size());
  for (const auto& c : cases) rows.push_back(ToWideRow(c));
  WriteWideTable(out, rows);
}

}  // namespace radfed::radiomics
