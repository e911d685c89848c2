#include "tests/model/reference_data.h"

#include <gtest/gtest.h>

#include <cmath>
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

// CSV text of `table` restricted to `rows`, with a `row_id` column first.
std::string Subset(const cohort::CsvTable& table, const std::vector<size_t>& rows,
                   const std::vector<std::pair<std::string, std::function<std::string(size_t)>>>& extra = {}) {
  std::string text = "row_id";
  for (const auto& name : table.column_names()) text += "," + Quote(name);
  for (const auto& [name, f] : extra) text += "," + name;
  text += "\n";
  for (size_t r : rows) {
    text += "r" + std::to_string(r);
    for (size_t c = 0; c < table.column_names().size(); ++c) text += "," + Quote(table.cell(r, c));
    for (const auto& [name, f] : extra) text += "," + f(r);
    text += "\n";
  }
  return text;
}

cohort::Cohort FromText(const std::string& text) {
  auto table = cohort::CsvTable::Parse(text, "subset");
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  auto c = cohort::Cohort::Join({*table}, {"row_id"});
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return *c;
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

std::map<std::string, cohort::Cohort> SplitTable(
    const std::string& path, const std::function<std::string(const cohort::CsvTable&, size_t)>& site_of) {
  auto table = cohort::CsvTable::ReadFile(kData + "/outcomes/" + path);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  std::map<std::string, std::vector<size_t>> rows;
  for (size_t r = 0; r < table->row_count(); ++r) {
    const std::string site = site_of(*table, r);
    if (!site.empty()) rows[site].push_back(r);
  }
  std::map<std::string, cohort::Cohort> sites;
  for (const auto& [site, list] : rows) sites.emplace(site, FromText(Subset(*table, list)));
  return sites;
}

cohort::Cohort LoadTable(const std::string& path) {
  return SplitTable(path, [](const cohort::CsvTable&, size_t) { return std::string("all"); }).at("all");
}

std::map<std::string, cohort::Cohort> LungSites() {
  return SplitTable("r_survival/lung.csv", [](const cohort::CsvTable& t, size_t r) {
    const std::string& v = t.cell(r, *t.ColumnIndex("inst"));
    if (v.empty() || v == "NA") return std::string("site-c");
    const int inst = std::stoi(v);
    return std::string(inst <= 5 ? "site-a" : inst <= 15 ? "site-b" : "site-c");
  });
}

std::map<std::string, cohort::Cohort> Hn1Sites() {
  auto features = cohort::CsvTable::ReadFile(kData + "/outcomes/hn1_radiomics/HN_Radiomics.csv");
  auto clinical = cohort::CsvTable::ReadFile(kData + "/outcomes/hn1_radiomics/HN_ClinicalData.csv");
  EXPECT_TRUE(features.ok() && clinical.ok());
  std::vector<size_t> gtv;
  for (size_t r = 0; r < features->row_count(); ++r)
    if (features->cell(r, *features->ColumnIndex("Structure")) == "GTV-1") gtv.push_back(r);
  // The features table's first column has an empty name (a pandas index): drop it by renaming.
  std::string text = Subset(*features, gtv);
  text.replace(text.find(",,"), 2, ",index,");
  auto features_table = cohort::CsvTable::Parse(text, "HN_Radiomics.csv");
  EXPECT_TRUE(features_table.ok()) << features_table.status().ToString();
  std::map<std::string, std::vector<size_t>> rows;
  for (size_t r = 0; r < clinical->row_count(); ++r) rows[r % 3 == 0 ? "site-a" : r % 3 == 1 ? "site-b" : "site-c"].push_back(r);
  std::map<std::string, cohort::Cohort> sites;
  for (const auto& [site, list] : rows) {
    std::string clinical_text = "id";
    for (const auto& name : clinical->column_names()) if (name != "id") clinical_text += "," + name;
    clinical_text += "\n";
    for (size_t r : list) {
      clinical_text += clinical->cell(r, 0);
      for (size_t c = 1; c < clinical->column_names().size(); ++c) clinical_text += "," + Quote(clinical->cell(r, c));
      clinical_text += "\n";
    }
    auto clinical_part = cohort::CsvTable::Parse(clinical_text, "HN_ClinicalData.csv");
    auto joined = cohort::Cohort::Join({*clinical_part, *features_table}, {"id", "id"});
    EXPECT_TRUE(joined.ok()) << joined.status().ToString();
    sites.emplace(site, *joined);
  }
  return sites;
}

std::map<std::string, cohort::Cohort> GbsgRotterdamSites() {
  auto gbsg = cohort::CsvTable::ReadFile(kData + "/outcomes/r_survival/gbsg.csv");
  auto rotterdam = cohort::CsvTable::ReadFile(kData + "/outcomes/r_survival/rotterdam.csv");
  EXPECT_TRUE(gbsg.ok() && rotterdam.ok());
  std::map<std::string, cohort::Cohort> sites;
  std::vector<size_t> all(gbsg->row_count());
  for (size_t r = 0; r < all.size(); ++r) all[r] = r;
  const auto& g = *gbsg;
  sites.emplace("site-a", FromText(Subset(g, all, {{"cohort", [](size_t) { return std::string("1"); }},
                                                   {"rfs_time", [&](size_t r) { return g.cell(r, *g.ColumnIndex("rfstime")); }},
                                                   {"rfs_event", [&](size_t r) { return g.cell(r, *g.ColumnIndex("status")); }}})));
  // Rotterdam relapse-free survival as in the reference: time = recur ? rtime : dtime,
  // event = max(recur, death).
  const auto& t = *rotterdam;
  auto cell = [&](size_t r, const char* c) { return std::stod(t.cell(r, *t.ColumnIndex(c))); };
  auto fmt = [](double v) { std::ostringstream s; s.precision(17); s << v; return s.str(); };
  std::vector<size_t> first, second;
  for (size_t r = 0; r < t.row_count(); ++r) (r % 2 == 0 ? first : second).push_back(r);
  const std::vector<std::pair<std::string, std::function<std::string(size_t)>>> extra{
      {"cohort", [](size_t) { return std::string("2"); }},
      {"rfs_time", [&](size_t r) { return fmt(cell(r, "recur") == 1 ? cell(r, "rtime") : cell(r, "dtime")); }},
      {"rfs_event", [&](size_t r) { return fmt(std::max(cell(r, "recur"), cell(r, "death"))); }}};
  sites.emplace("site-b", FromText(Subset(t, first, extra)));
  sites.emplace("site-c", FromText(Subset(t, second, extra)));
  return sites;
}

}  // namespace radfed::testing
