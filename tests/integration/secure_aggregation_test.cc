// Secure aggregation with real processes: five sites over mTLS, one dies right after sending its
// masked input. The study still completes; the dead site's input is in the sum (the survivors'
// shares remove its masks), so the result equals the pooled computation over all five sites that
// contributed; and what the coordinator received from a site is statistically indistinguishable
// from uniform random words.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/secagg/messages.h"
#include "node/cohort/cohort.h"
#include "tests/support/federation.h"

namespace radfed::testing {
namespace {

using nlohmann::json;

constexpr char kStudy[] = R"(name: lung-five-sites
type: statistics
columns: [age, ph.ecog, ph.karno, pat.karno, meal.cal, wt.loss, time]
group_by: sex
levels: [1, 2]
missing: available
min_sites: 3
round_timeout_seconds: 20
)";

// lung.csv over five sites by institution.
std::map<std::string, std::string> SplitLungFiveWays() {
  auto table = cohort::CsvTable::ReadFile(RADFED_TEST_DATA_DIR "/outcomes/r_survival/lung.csv");
  std::map<std::string, std::string> csv;
  std::string header = "patient_id";
  for (const auto& name : table->column_names()) header += "," + name;
  const char* sites[] = {"site-a", "site-b", "site-c", "site-d", "site-e"};
  for (const char* s : sites) csv[s] = header + "\n";
  const size_t inst = *table->ColumnIndex("inst");
  for (size_t r = 0; r < table->row_count(); ++r) {
    const std::string& v = table->cell(r, inst);
    const int i = v.empty() || v == "NA" ? 99 : std::stoi(v);
    const char* site = i <= 2 ? "site-a" : i <= 6 ? "site-b" : i <= 11 ? "site-c" : i <= 15 ? "site-d" : "site-e";
    std::string row = "p" + std::to_string(r + 1);
    for (size_t c = 0; c < table->column_names().size(); ++c) row += "," + table->cell(r, c);
    csv[site] += row + "\n";
  }
  return csv;
}

// Pooled mean and SD of `column` over the rows of the given site tables (available cases).
std::pair<double, double> Pooled(const std::vector<std::string>& tables, const std::string& column) {
  std::vector<double> values;
  for (const std::string& text : tables) {
    auto t = cohort::CsvTable::Parse(text, "site");
    const size_t c = *t->ColumnIndex(column);
    for (size_t r = 0; r < t->row_count(); ++r)
      if (!cohort::IsMissingCell(t->cell(r, c))) values.push_back(std::stod(t->cell(r, c)));
  }
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return {mean, std::sqrt(squares / static_cast<double>(values.size() - 1))};
}

// Pearson chi-square of the 4-bit digits of `words` against the uniform distribution (15 d.f.).
double NibbleChiSquare(const std::vector<uint64_t>& words) {
  std::vector<double> counts(16, 0);
  for (uint64_t w : words)
    for (int b = 0; b < 16; ++b) counts[(w >> (4 * b)) & 0xf] += 1;
  const double expected = static_cast<double>(words.size()) * 16 / 16;
  double chi = 0;
  for (double c : counts) chi += (c - expected) * (c - expected) / expected;
  return chi;
}

TEST(SecureAggregationTest, FiveSitesOneKilledAfterMaskedInput) {
  Federation fed({"site-a", "site-b", "site-c", "site-d", "site-e"});
  std::string why;
  ASSERT_TRUE(fed.StartCoordinator(&why, "keep_transcripts: true\n")) << why;
  const auto split = SplitLungFiveWays();
  for (const auto& [site, csv] : split) {
    fed.AddSite(site, csv, "patient_id");
    // site-e crashes right after sending its masked input (step 3) in the first round.
    ASSERT_TRUE(fed.StartNode(site, site == "site-e" ? std::vector<std::string>{"RADFED_TEST_EXIT_AFTER_STEP=3"}
                                                     : std::vector<std::string>{}));
  }
  for (const auto& [site, csv] : split) ASSERT_TRUE(fed.WaitConnected(site)) << fed.NodeLog(site);

  auto run = fed.RunStudy(kStudy);
  ASSERT_EQ(run.exit_code, 0) << run.output << fed.CoordinatorLog();
  EXPECT_NE(fed.NodeLog("site-e").find("fault injection"), std::string::npos);
  const json result = json::parse(run.result);
  EXPECT_EQ(result["sites"], json({"site-a", "site-b", "site-c", "site-d", "site-e"}));
  // The coordinator saw site-e drop out at the unmasking step.
  EXPECT_NE(run.output.find("dropped: site-e"), std::string::npos) << run.output;
  const std::vector<std::string> contributed{split.at("site-a"), split.at("site-b"), split.at("site-c"),
                                             split.at("site-d"), split.at("site-e")};
  for (const char* column : {"age", "meal.cal", "wt.loss", "time"}) {
    SCOPED_TRACE(column);
    const auto [mean, sd] = Pooled(contributed, column);
    EXPECT_NEAR(result["columns"][column]["mean"].get<double>(), mean, 1e-12 * std::abs(mean));
    EXPECT_NEAR(result["columns"][column]["sd"].get<double>(), sd, 1e-12 * sd);
  }

  // What site-a sent (counts and sums: mostly small numbers and zero limbs in the clear) must look
  // uniformly random to the coordinator.
  std::vector<uint64_t> words;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(fed.dir() / "coord-state" / "transcripts")) {
    if (entry.path().filename() != "site-a-masked-input.bin") continue;
    const std::string bytes = ReadFile(entry.path());
    auto message = secagg::ParseMaskedInput(crypto::Bytes(bytes.begin(), bytes.end()));
    ASSERT_TRUE(message.ok()) << message.status().ToString();
    if (message->masked.size() > words.size()) words = message->masked;
  }
  ASSERT_GE(words.size(), 250u);
  // 15 degrees of freedom: the 1e-6 upper quantile is about 53.
  EXPECT_LT(NibbleChiSquare(words), 53.0);
  // The same test flags unmasked data of this kind at once.
  std::vector<uint64_t> plain(words.size());
  for (size_t i = 0; i < plain.size(); ++i) plain[i] = (i % 97) << 40;
  EXPECT_GT(NibbleChiSquare(plain), 1000.0);
}

}  // namespace
}  // namespace radfed::testing
