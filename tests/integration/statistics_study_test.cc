// Three real sites on loopback run federated descriptive statistics over mTLS; the result must
// equal the pooled computation. Also: a node killed mid-study and restarted lets the study finish,
// and a coordinator restart makes the nodes reconnect.
#include <gtest/gtest.h>
#include <signal.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "node/cohort/cohort.h"
#include "tests/support/federation.h"

namespace radfed::testing {
namespace {

using nlohmann::json;

constexpr char kStudy[] = R"(name: lung-baseline
type: statistics
columns: [age, ph.ecog]
min_sites: 3
allow_min_max: true
round_timeout_seconds: 30
)";

struct Pooled {
  double n = 0, mean = 0, sd = 0, min = 0, max = 0, missing = 0;
};

// Pooled complete-case statistics of `column` over the whole lung table (two-pass).
Pooled PooledLung(const std::string& column) {
  auto table = cohort::CsvTable::ReadFile(RADFED_TEST_DATA_DIR "/outcomes/r_survival/lung.csv");
  const size_t age = *table->ColumnIndex("age"), ecog = *table->ColumnIndex("ph.ecog");
  const size_t c = *table->ColumnIndex(column);
  std::vector<double> values;
  Pooled p;
  for (size_t r = 0; r < table->row_count(); ++r) {
    if (cohort::IsMissingCell(table->cell(r, c))) ++p.missing;
    if (cohort::IsMissingCell(table->cell(r, age)) || cohort::IsMissingCell(table->cell(r, ecog))) continue;
    values.push_back(std::stod(table->cell(r, c)));
  }
  p.n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  p.mean = sum / p.n;
  double squares = 0;
  for (double v : values) squares += (v - p.mean) * (v - p.mean);
  p.sd = std::sqrt(squares / (p.n - 1));
  p.min = *std::min_element(values.begin(), values.end());
  p.max = *std::max_element(values.begin(), values.end());
  return p;
}

class StatisticsStudyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    ASSERT_TRUE(fed_.StartCoordinator(&why)) << why;
    for (const auto& [site, csv] : SplitLungBySite()) {
      fed_.AddSite(site, csv, "patient_id");
      ASSERT_TRUE(fed_.StartNode(site));
    }
    for (const std::string& site : fed_.roster()) {
      ASSERT_TRUE(fed_.WaitConnected(site)) << site << " did not connect\n" << fed_.NodeLog(site);
    }
  }

  void ExpectPooled(const std::string& result_text) {
    json result = json::parse(result_text);
    EXPECT_EQ(result["sites"], json({"site-a", "site-b", "site-c"}));
    for (const char* column : {"age", "ph.ecog"}) {
      SCOPED_TRACE(column);
      const Pooled p = PooledLung(column);
      const json& c = result["columns"][column];
      EXPECT_EQ(c["n"].get<double>(), p.n);
      EXPECT_EQ(c["missing"].get<double>(), p.missing);
      EXPECT_NEAR(c["mean"].get<double>(), p.mean, 1e-12 * std::abs(p.mean));
      EXPECT_NEAR(c["sd"].get<double>(), p.sd, 1e-12 * p.sd);
      EXPECT_EQ(c["min"].get<double>(), p.min);
      EXPECT_EQ(c["max"].get<double>(), p.max);
    }
  }

  Federation fed_{{"site-a", "site-b", "site-c"}};
};

TEST_F(StatisticsStudyTest, ThreeSitesEqualPooledComputation) {
  auto run = fed_.RunStudy(kStudy);
  ASSERT_EQ(run.exit_code, 0) << run.output << fed_.CoordinatorLog();
  ExpectPooled(run.result);
  // The operator sees a table and which sites answered.
  EXPECT_NE(run.output.find("answered: site-a, site-b, site-c"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("ph.ecog"), std::string::npos);
}

TEST_F(StatisticsStudyTest, SiteGuardRefusalIsReportedToTheOperator) {
  fed_.KillNode("site-c");
  auto split = SplitLungBySite();
  fed_.AddSite("site-c", split["site-c"], "patient_id", "guards: {min_rows: 1000}\n");
  ASSERT_TRUE(fed_.StartNode("site-c"));
  ASSERT_TRUE(fed_.WaitConnected("site-c", 2));
  auto run = fed_.RunStudy(kStudy);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("site-c refused: only"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("below the site's minimum of 1000"), std::string::npos) << run.output;
}

TEST_F(StatisticsStudyTest, NodeKilledMidStudyAndRestartedLetsTheStudyFinish) {
  // Freeze site-b so the first round is certainly in progress when it dies.
  fed_.node("site-b")->Signal(SIGSTOP);
  const auto out = fed_.dir() / "killed-node-result.json";
  auto study = fed_.StartStudy(kStudy, out);
  ASSERT_TRUE(WaitUntil([&] { return fed_.CoordinatorLog().find("round 1 attempt 1") != std::string::npos; },
                        std::chrono::seconds(20)));
  fed_.KillNode("site-b");
  ASSERT_TRUE(WaitUntil([&] { return fed_.CoordinatorLog().find("site-b disconnected") != std::string::npos; },
                        std::chrono::seconds(20)))
      << fed_.CoordinatorLog();
  ASSERT_TRUE(fed_.StartNode("site-b"));
  auto code = study->Wait(std::chrono::seconds(90));
  ASSERT_TRUE(code.has_value()) << study->Log();
  EXPECT_EQ(*code, 0) << study->Log() << fed_.CoordinatorLog();
  ExpectPooled(ReadFile(out));
}

TEST_F(StatisticsStudyTest, CoordinatorRestartMakesNodesReconnect) {
  fed_.KillCoordinator();
  std::string why;
  ASSERT_TRUE(fed_.StartCoordinator(&why)) << why;
  for (const std::string& site : fed_.roster()) {
    ASSERT_TRUE(fed_.WaitConnected(site, 2)) << site << "\n" << fed_.NodeLog(site);
  }
  auto run = fed_.RunStudy(kStudy);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ExpectPooled(run.result);
}

}  // namespace
}  // namespace radfed::testing
