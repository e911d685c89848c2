// Loopback load test of a whole consortium (issue 7): N real node processes, S model studies run
// concurrently through one coordinator over mTLS and secure aggregation. Checks that nothing is
// lost (every study completes with a converged result) and that the audit log verifies against
// every site's receipts, then prints round latency percentiles from the audit log.
//
// Also the model benchmark of issue 6 (rounds to convergence and time per round against the
// number of sites and features), with one study at a time.
//
// Not part of the test command (it takes minutes); run it by hand:
//   build/dev/bench/federation/federation_load [--nodes 50] [--studies 20] [--features 2] [--rows 80]
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "bench/federation/audit_time.h"
#include "tests/support/federation.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

int g_nodes = 50;
int g_studies = 20;
int g_features = 2;
int g_rows = 80;

// A site's cohort: g_rows patients with g_features standard-normal features x1..xp; the hazard
// depends on the first three, the rest are noise, as in a radiomics signature search.
std::string SiteCohort(int site) {
  std::mt19937_64 rng(1000 + site);
  std::normal_distribution<double> normal;
  std::exponential_distribution<double> exponential(1.0);
  const double effects[] = {0.5, -0.3, 0.2};
  std::ostringstream csv;
  csv << "patient_id";
  for (int j = 1; j <= g_features; ++j) csv << ",x" << j;
  csv << ",time,status\n";
  std::vector<double> x(static_cast<size_t>(g_features));
  for (int i = 0; i < g_rows; ++i) {
    double linear = 0;
    for (int j = 0; j < g_features; ++j) {
      x[j] = normal(rng);
      if (j < 3) linear += effects[j] * x[j];
    }
    const double event_time = exponential(rng) / (0.002 * std::exp(linear));
    const double censor_time = 200 + 800 * std::uniform_real_distribution<double>()(rng);
    csv << "p" << site << "-" << i;
    for (double v : x) csv << "," << v;
    csv << "," << std::ceil(std::min(event_time, censor_time)) << "," << (event_time <= censor_time ? 1 : 0) << "\n";
  }
  return csv.str();
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double position = q * static_cast<double>(v.size() - 1);
  const size_t low = static_cast<size_t>(position);
  const size_t high = std::min(low + 1, v.size() - 1);
  return v[low] + (position - static_cast<double>(low)) * (v[high] - v[low]);
}

TEST(FederationLoad, ConcurrentStudiesOverManyNodes) {
  std::vector<std::string> roster;
  for (int s = 0; s < g_nodes; ++s) roster.push_back("site-" + std::to_string(s));
  Federation fed(roster);
  std::string why;
  ASSERT_TRUE(fed.StartCoordinator(&why)) << why;
  for (int s = 0; s < g_nodes; ++s) {
    fed.AddSite(roster[s], SiteCohort(s), "patient_id");
    ASSERT_TRUE(fed.StartNode(roster[s]));
  }
  for (const auto& site : roster) ASSERT_TRUE(fed.WaitConnected(site, 1, std::chrono::seconds(120))) << site;

  const auto start = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<Process>> studies;
  for (int k = 0; k < g_studies; ++k) {
    std::ostringstream spec;
    spec << "name: load-" << k << "\ntype: model\nmodel: cox\nfeatures: [";
    for (int j = 1; j <= g_features; ++j) spec << (j > 1 ? ", " : "") << "x" << j;
    spec << "]\n"
         << "outcome: {time: time, event: status}\nmin_sites: " << g_nodes << "\n"
         << "round_timeout_seconds: 600\n";
    studies.push_back(fed.StartStudy(spec.str(), fed.dir() / ("load-" + std::to_string(k) + ".json")));
  }
  int converged = 0;
  std::vector<int> iterations;
  for (int k = 0; k < g_studies; ++k) {
    const auto code = studies[k]->Wait(std::chrono::minutes(30));
    ASSERT_TRUE(code.has_value()) << "study " << k << " did not finish";
    EXPECT_EQ(*code, 0) << studies[k]->Log();
    std::ifstream in(fed.dir() / ("load-" + std::to_string(k) + ".json"));
    const auto result = nlohmann::json::parse(in, nullptr, false);
    if (!result.is_discarded() && result.value("converged", false)) ++converged;
    if (!result.is_discarded()) iterations.push_back(result.value("iterations", 0));
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(converged, g_studies);

  std::vector<std::string> verify{"audit", "verify", "--log", (fed.dir() / "coord-state/audit.log").string(),
                                  "--ca", (fed.pki() / "ca.crt").string()};
  for (const auto& site : roster) {
    verify.push_back("--receipts");
    verify.push_back((fed.dir() / (site + "-state") / "receipts").string());
  }
  const auto verified = RunProgram(BinaryPath("radfed"), verify, std::chrono::minutes(10));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;

  std::map<std::pair<std::string, uint64_t>, double> started;
  std::vector<double> latencies;
  std::ifstream log(fed.dir() / "coord-state/audit.log");
  for (std::string line; std::getline(log, line);) {
    const auto entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_discarded()) continue;
    const auto key = std::make_pair(entry.value("study", ""), entry.value("round", uint64_t{0}));
    const std::string kind = entry.value("kind", "");
    if (kind == "round_started") started[key] = ParseAuditMillis(entry.value("time", ""));
    if (kind == "round_completed" && started.count(key)) {
      latencies.push_back(ParseAuditMillis(entry.value("time", "")) - started[key]);
    }
  }
  ASSERT_FALSE(latencies.empty());
  ASSERT_FALSE(iterations.empty());
  std::printf("\n%d nodes, %d concurrent Cox studies, p = %d, %d rows per site: %zu rounds in %.1f s "
              "(%.1f rounds/s), Newton iterations %d-%d; %s\n",
              g_nodes, g_studies, g_features, g_rows, latencies.size(), wall,
              static_cast<double>(latencies.size()) / wall,
              *std::min_element(iterations.begin(), iterations.end()),
              *std::max_element(iterations.begin(), iterations.end()), verified.output.c_str());
  std::printf("round latency (ms): p50 %.0f, p90 %.0f, p99 %.0f, max %.0f\n", Percentile(latencies, 0.5),
              Percentile(latencies, 0.9), Percentile(latencies, 0.99), Percentile(latencies, 1.0));
}

}  // namespace
}  // namespace radfed::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i + 1 < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--nodes") radfed::testing::g_nodes = std::stoi(argv[i + 1]);
    if (flag == "--studies") radfed::testing::g_studies = std::stoi(argv[i + 1]);
    if (flag == "--features") radfed::testing::g_features = std::stoi(argv[i + 1]);
    if (flag == "--rows") radfed::testing::g_rows = std::stoi(argv[i + 1]);
  }
  return RUN_ALL_TESTS();
}
