#include "tests/model/reference_data.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <sstream>

namespace radfed::testing {
namespace {

const std::string kData = RADFED_TEST_DATA_DIR;

double Number(const std::string& s) { return s == "NA" ? NAN : std::stod(s); }

std::string Quote(const std::string& cell) {
  if (cell.find_first_of(",\"\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

using Extra = std::vector<std::pair<std::string, std::function<std::string(size_t)>>>;

// CSV text of `table` restricted to `rows`, with a `row_id` key column first unless the table has
// its own key (empty header cells are named "index"), and `extra` computed columns last.
std::string Subset(const cohort::CsvTable& table, const std::vector<size_t>& rows, const Extra& extra = {},
                   bool add_row_id = true) {
  std::string text = add_row_id ? "row_id," : "";
  for (size_t c = 0; c < table.column_names().size(); ++c) {
    const std::string& name = table.column_names()[c];
    text += (c ? "," : "") + (name.empty() ? std::string("index") : Quote(name));
  }
  for (const auto& [name, f] : extra) text += "," + name;
  text += "\n";
  for (size_t r : rows) {
    if (add_row_id) text += "r" + std::to_string(r) + ",";
    for (size_t c = 0; c < table.column_names().size(); ++c) text += (c ? "," : "") + Quote(table.cell(r, c));
    for (const auto& [name, f] : extra) text += "," + f(r);
    text += "\n";
  }
  return text;
}

cohort::CsvTable Read(const std::string& path) {
  auto t = cohort::CsvTable::ReadFile(kData + "/outcomes/" + path);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return *t;
}

std::vector<size_t> AllRows(const cohort::CsvTable& t) {
  std::vector<size_t> rows(t.row_count());
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  return rows;
}

}  // namespace

std::vector<ReferenceRow> ReferenceFit(const std::string& model, const std::string& ties) {
  auto table = cohort::CsvTable::ReadFile(kData + "/reference_fits/r_reference_fits.csv");
  EXPECT_TRUE(table.ok());
  std::vector<ReferenceRow> rows;
  for (size_t r = 0; r < table->row_count(); ++r) {
    auto cell = [&](const char* name) { return table->cell(r, *table->ColumnIndex(name)); };
    if (cell("model") != model || (!ties.empty() && cell("ties") != ties)) continue;
    rows.push_back({cell("model"), cell("ties"), cell("term"), Number(cell("coef")), Number(cell("se")),
                    Number(cell("loglik")), Number(cell("loglik_null")), Number(cell("n")), Number(cell("events")),
                    std::stoi(cell("iter"))});
  }
  EXPECT_FALSE(rows.empty()) << "no reference rows for " << model;
  return rows;
}

SiteTables LungTables() {
  const cohort::CsvTable t = Read("r_survival/lung.csv");
  std::map<std::string, std::vector<size_t>> rows;
  const size_t inst = *t.ColumnIndex("inst");
  for (size_t r = 0; r < t.row_count(); ++r) {
    const std::string& v = t.cell(r, inst);
    const int i = v.empty() || v == "NA" ? 99 : std::stoi(v);
    rows[i <= 5 ? "site-a" : i <= 15 ? "site-b" : "site-c"].push_back(r);
  }
  SiteTables out;
  for (const auto& [site, list] : rows) out[site] = {{"lung.csv", "row_id", Subset(t, list)}};
  return out;
}

SiteTables LungPooledTable() {
  const cohort::CsvTable t = Read("r_survival/lung.csv");
  return {{"all", {{"lung.csv", "row_id", Subset(t, AllRows(t))}}}};
}

SiteTables GbsgTable() {
  const cohort::CsvTable t = Read("r_survival/gbsg.csv");
  return {{"all", {{"gbsg.csv", "row_id", Subset(t, AllRows(t))}}}};
}

SiteTables Hn1Tables() {
  const cohort::CsvTable features = Read("hn1_radiomics/HN_Radiomics.csv");
  const cohort::CsvTable clinical = Read("hn1_radiomics/HN_ClinicalData.csv");
  const size_t structure = *features.ColumnIndex("Structure"), feature_id = *features.ColumnIndex("id");
  SiteTables out;
  const char* sites[] = {"site-a", "site-b", "site-c"};
  for (int s = 0; s < 3; ++s) {
    std::vector<size_t> patients;
    std::set<std::string> ids;
    for (size_t r = 0; r < clinical.row_count(); ++r) {
      if (static_cast<int>(r % 3) != s) continue;
      patients.push_back(r);
      ids.insert(clinical.cell(r, 0));
    }
    std::vector<size_t> gtv;
    for (size_t r = 0; r < features.row_count(); ++r)
      if (features.cell(r, structure) == "GTV-1" && ids.count(features.cell(r, feature_id))) gtv.push_back(r);
    // Both tables are keyed by the patient id.
    std::string radiomics = Subset(features, gtv, {}, false);
    std::string clinical_text = Subset(clinical, patients, {}, false);
    out[sites[s]] = {{"clinical.csv", "id", clinical_text}, {"radiomics.csv", "id", radiomics}};
  }
  return out;
}

SiteTables GbsgRotterdamTables() {
  const cohort::CsvTable g = Read("r_survival/gbsg.csv");
  const cohort::CsvTable t = Read("r_survival/rotterdam.csv");
  SiteTables out;
  out["site-a"] = {{"gbsg.csv", "row_id",
                    Subset(g, AllRows(g),
                           {{"cohort", [](size_t) { return std::string("1"); }},
                            {"rfs_time", [&](size_t r) { return g.cell(r, *g.ColumnIndex("rfstime")); }},
                            {"rfs_event", [&](size_t r) { return g.cell(r, *g.ColumnIndex("status")); }}})}};
  // Rotterdam relapse-free survival as in the reference: time = recur ? rtime : dtime,
  // event = max(recur, death).
  auto cell = [&](size_t r, const char* c) { return std::stod(t.cell(r, *t.ColumnIndex(c))); };
  auto fmt = [](double v) { std::ostringstream s; s.precision(17); s << v; return s.str(); };
  const Extra extra{{"cohort", [](size_t) { return std::string("2"); }},
                    {"rfs_time", [&](size_t r) { return fmt(cell(r, "recur") == 1 ? cell(r, "rtime") : cell(r, "dtime")); }},
                    {"rfs_event", [&](size_t r) { return fmt(std::max(cell(r, "recur"), cell(r, "death"))); }}};
  std::vector<size_t> first, second;
  for (size_t r = 0; r < t.row_count(); ++r) (r % 2 == 0 ? first : second).push_back(r);
  out["site-b"] = {{"rotterdam.csv", "row_id", Subset(t, first, extra)}};
  out["site-c"] = {{"rotterdam.csv", "row_id", Subset(t, second, extra)}};
  return out;
}

std::map<std::string, cohort::Cohort> Cohorts(const SiteTables& tables) {
  std::map<std::string, cohort::Cohort> out;
  for (const auto& [site, list] : tables) {
    std::vector<cohort::CsvTable> parsed;
    std::vector<std::string> keys;
    for (const SiteTable& t : list) {
      auto table = cohort::CsvTable::Parse(t.csv, site + "/" + t.file);
      EXPECT_TRUE(table.ok()) << table.status().ToString();
      parsed.push_back(*table);
      keys.push_back(t.key);
    }
    auto joined = cohort::Cohort::Join(parsed, keys);
    EXPECT_TRUE(joined.ok()) << site << ": " << joined.status().ToString();
    out.emplace(site, *joined);
  }
  return out;
}

model::ModelSpec LungCoxModel() {
  model::ModelSpec spec;
  spec.type = model::ModelType::kCox;
  spec.terms = {"age", "sex", "ph.ecog"};
  spec.time = "time";
  spec.event = "status";
  spec.event_value = 2;
  spec.strata = {"inst"};
  return spec;
}

}  // namespace radfed::testing
