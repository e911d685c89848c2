#include "node/cohort/cohort.h"

#include <charconv>
#include <cmath>
#include <unordered_map>

namespace radfed::cohort {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

}  // namespace

bool IsMissingCell(const std::string& cell) {
  const std::string t = Trim(cell);
  return t.empty() || t == "NA" || t == "NaN" || t == "nan" || t == ".";
}

Result<Cohort> Cohort::Load(const std::vector<TableSource>& sources) {
  if (sources.empty()) return Status::InvalidArgument("cohort: no tables configured");
  std::vector<CsvTable> tables;
  std::vector<std::string> keys;
  for (const TableSource& source : sources) {
    RADFED_ASSIGN_OR_RETURN(CsvTable table, CsvTable::ReadFile(source.path));
    tables.push_back(std::move(table));
    keys.push_back(source.key);
  }
  return Join(std::move(tables), keys);
}

Result<Cohort> Cohort::Join(std::vector<CsvTable> tables, const std::vector<std::string>& keys) {
  if (tables.empty() || tables.size() != keys.size()) {
    return Status::InvalidArgument("cohort: each table needs exactly one key column");
  }
  // Index every table by key; duplicate keys are ambiguous.
  std::vector<size_t> key_columns;
  std::vector<std::unordered_map<std::string, size_t>> index(tables.size());
  for (size_t t = 0; t < tables.size(); ++t) {
    auto kc = tables[t].ColumnIndex(keys[t]);
    if (!kc) {
      return Status::InvalidArgument(tables[t].source() + ": key column '" + keys[t] +
                                     "' not found");
    }
    key_columns.push_back(*kc);
    for (size_t r = 0; r < tables[t].row_count(); ++r) {
      const std::string key = Trim(tables[t].cell(r, *kc));
      if (IsMissingCell(key)) {
        return Status::InvalidArgument(tables[t].source() + ": empty key in column '" + keys[t] +
                                       "' at data row " + std::to_string(r + 1));
      }
      if (!index[t].emplace(key, r).second) {
        return Status::InvalidArgument(tables[t].source() + ": key '" + keys[t] +
                                       "' is not unique (a value repeats at data row " +
                                       std::to_string(r + 1) + ")");
      }
    }
  }

  Cohort cohort;
  // Columns: the first table's key (named as there), then every non-key column of each table.
  std::unordered_map<std::string, std::string> owner;
  cohort.by_name_[keys[0]] = cohort.columns_.size();
  cohort.columns_.push_back({keys[0], {}});
  owner[keys[0]] = tables[0].source();
  std::vector<std::vector<std::pair<size_t, size_t>>> layout(tables.size());  // (src col, dst col)
  for (size_t t = 0; t < tables.size(); ++t) {
    for (size_t c = 0; c < tables[t].column_names().size(); ++c) {
      if (c == key_columns[t]) continue;
      const std::string& name = tables[t].column_names()[c];
      auto [it, inserted] = owner.emplace(name, tables[t].source());
      if (!inserted) {
        return Status::InvalidArgument("cohort: column '" + name + "' is in both " + it->second +
                                       " and " + tables[t].source() + "; rename one of them");
      }
      layout[t].emplace_back(c, cohort.columns_.size());
      cohort.by_name_[name] = cohort.columns_.size();
      cohort.columns_.push_back({name, {}});
    }
  }

  cohort.report_.tables.resize(tables.size());
  std::vector<size_t> matched(tables.size(), 0);
  for (size_t r0 = 0; r0 < tables[0].row_count(); ++r0) {
    const std::string key = Trim(tables[0].cell(r0, key_columns[0]));
    std::vector<size_t> rows{r0};
    for (size_t t = 1; t < tables.size(); ++t) {
      auto it = index[t].find(key);
      if (it == index[t].end()) break;
      rows.push_back(it->second);
    }
    if (rows.size() != tables.size()) continue;
    cohort.columns_[0].cells.push_back(key);
    for (size_t t = 0; t < tables.size(); ++t) {
      ++matched[t];
      for (auto [src, dst] : layout[t]) cohort.columns_[dst].cells.push_back(tables[t].cell(rows[t], src));
    }
    ++cohort.rows_;
  }
  for (size_t t = 0; t < tables.size(); ++t) {
    cohort.report_.tables[t] = {tables[t].source(), tables[t].row_count(),
                                tables[t].row_count() - matched[t]};
  }
  cohort.report_.joined_rows = cohort.rows_;
  return cohort;
}

const Cohort::Column* Cohort::Find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &columns_[it->second];
}

bool Cohort::HasColumn(const std::string& name) const { return Find(name) != nullptr; }

std::vector<std::string> Cohort::column_names() const {
  std::vector<std::string> names;
  for (const Column& c : columns_) names.push_back(c.name);
  return names;
}

Result<NumericColumn> Cohort::Numeric(const std::string& name) const {
  const Column* column = Find(name);
  if (!column) return Status::NotFound("column '" + name + "' is not in the site's cohort");
  NumericColumn out;
  out.values.reserve(rows_);
  size_t bad = 0;
  for (const std::string& cell : column->cells) {
    if (IsMissingCell(cell)) {
      out.values.push_back(std::nan(""));
      ++out.missing;
      continue;
    }
    const std::string t = Trim(cell);
    double v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) {
      ++bad;
      out.values.push_back(std::nan(""));
      continue;
    }
    out.values.push_back(v);
  }
  if (bad > 0) {
    return Status::InvalidArgument("column '" + name + "' is not numeric: " + std::to_string(bad) +
                                   " of " + std::to_string(rows_) + " values are not numbers");
  }
  return out;
}

Result<std::vector<std::string>> Cohort::Text(const std::string& name) const {
  const Column* column = Find(name);
  if (!column) return Status::NotFound("column '" + name + "' is not in the site's cohort");
  return column->cells;
}

}  // namespace radfed::cohort
