// The audit trail and crash recovery with real processes.
//  * A real log from a study verifies; copies tampered in each way are caught by
//    `radfed audit verify`, which names the entry and the kind of fault; a truncated log is
//    exposed by the sites' receipts; `radfed report --audit-log` shows the same verdicts.
//  * The coordinator is SIGKILLed during round 1, round 2 and the last round of a Cox study;
//    after each restart the study resumes, the result equals an uninterrupted run, and the log
//    verifies against every site's receipts.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "common/audit/audit_entry.h"
#include "tests/model/reference_data.h"
#include "tests/support/federation.h"

namespace radfed::testing {
namespace {

using nlohmann::json;

const std::string kCoxStudy = std::string(kLungCoxSpec) + R"yaml(round_timeout_seconds: 30
)yaml";

class AuditRecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    ASSERT_TRUE(fed_.StartCoordinator(&why)) << why;
    for (const auto& [site, tables] : LungTables()) {
      fed_.AddSite(site, tables);
      ASSERT_TRUE(fed_.StartNode(site));
    }
    for (const std::string& site : fed_.roster()) ASSERT_TRUE(fed_.WaitConnected(site)) << fed_.NodeLog(site);
  }

  std::filesystem::path Log() const { return fed_.dir() / "coord-state" / "audit.log"; }

  RunResult Verify(const std::filesystem::path& log, bool with_receipts) {
    std::vector<std::string> args{"audit", "verify", "--log", log.string(), "--ca", (fed_.pki() / "ca.crt").string()};
    if (with_receipts) {
      for (const std::string& site : fed_.roster()) {
        args.push_back("--receipts");
        args.push_back((fed_.dir() / (site + "-state") / "receipts").string());
      }
    }
    return RunProgram(BinaryPath("radfed"), args);
  }

  std::vector<std::string> Lines(const std::filesystem::path& log) {
    std::ifstream in(log);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  std::filesystem::path Write(const std::string& name, const std::vector<std::string>& lines) {
    const auto path = fed_.dir() / name;
    std::ofstream out(path);
    for (const auto& l : lines) out << l << "\n";
    return path;
  }

  // Polls `radfed study status` until the study ends; returns its final status JSON.
  json WaitForStudy(const std::string& id) {
    json status;
    WaitUntil([&] {
      std::vector<std::string> args{"study", "status", id, "--json"};
      auto client = fed_.ClientArgs("op");
      args.insert(args.end(), client.begin(), client.end());
      auto r = RunProgram(BinaryPath("radfed"), args);
      if (r.exit_code != 0) return false;
      status = json::parse(r.output.substr(r.output.find('{')), nullptr, false);
      return !status.is_discarded() && (status["state"] == "completed" || status["state"] == "failed");
    }, std::chrono::seconds(120));
    return status;
  }

  Federation fed_{{"site-a", "site-b", "site-c"}};
};

TEST_F(AuditRecoveryTest, TamperingWithARealLogIsNamedByKind) {
  auto run = fed_.RunStudy(kCoxStudy);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto intact = Verify(Log(), true);
  ASSERT_EQ(intact.exit_code, 0) << intact.output;
  EXPECT_NE(intact.output.find("intact"), std::string::npos);

  const auto lines = Lines(Log());
  ASSERT_GT(lines.size(), 20u);
  // Pick a masked-input entry to tamper with (any would do).
  size_t k = 0;
  while (k < lines.size() && lines[k].find("\"kind\":\"masked_input\"") == std::string::npos) ++k;
  ASSERT_LT(k, lines.size());
  auto expect = [&](const std::vector<std::string>& tampered, const std::string& fault, size_t seq) {
    auto r = Verify(Write("tampered.log", tampered), false);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("entry " + std::to_string(seq) + " "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(": " + fault + ": "), std::string::npos) << r.output;
  };
  auto changed = lines;
  changed[k] = std::regex_replace(changed[k], std::regex("\"sha256\":\"[0-9a-f]{8}"), "\"sha256\":\"00000000");
  expect(changed, "changed", k);
  auto removed = lines;
  removed.erase(removed.begin() + static_cast<long>(k));
  expect(removed, "removed", k);
  auto reordered = lines;
  std::swap(reordered[k], reordered[k + 1]);
  expect(reordered, "reordered", k);
  auto inserted = lines;
  inserted.insert(inserted.begin() + static_cast<long>(k + 2), lines[k]);
  expect(inserted, "inserted", k);
  auto forged = lines;
  auto e = *audit::AuditEntry::FromLine(lines[k]);
  e.details["sha256"] = std::string(64, 'f');
  e.hash = e.ComputeHash();
  forged[k] = e.ToLine();
  expect(forged, "forged signature", k);

  // `radfed report --audit-log` runs the same verification and states its verdict on the page.
  const auto result = fed_.dir() / "result.json";
  std::ofstream(result) << run.result;
  auto report = [&](const std::filesystem::path& log) {
    const auto html = fed_.dir() / "report.html";
    auto r = RunProgram(BinaryPath("radfed"), {"report", "--result", result.string(), "--audit-log", log.string(),
                                               "--ca", (fed_.pki() / "ca.crt").string(), "--out", html.string()});
    return std::make_pair(r, ReadFile(html));
  };
  auto [good, good_html] = report(Log());
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_NE(good_html.find("Verified: " + Log().string() + ": intact (" + std::to_string(lines.size()) + " entries"),
            std::string::npos);
  auto [bad, bad_html] = report(Write("tampered.log", changed));
  EXPECT_EQ(bad.exit_code, 3) << bad.output;
  EXPECT_NE(bad_html.find("NOT verified: "), std::string::npos);
  EXPECT_NE(bad_html.find("entry " + std::to_string(k) + " (line " + std::to_string(k + 1) + "): changed"),
            std::string::npos) << bad_html;
}

TEST_F(AuditRecoveryTest, ReceiptsExposeATruncatedLog) {
  auto run = fed_.RunStudy(kCoxStudy);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // The coordinator's operator cuts the log back to before the study's rounds.
  auto lines = Lines(Log());
  size_t first_round = 0;
  while (lines[first_round].find("\"kind\":\"round_started\"") == std::string::npos) ++first_round;
  const auto cut = Write("cut.log", std::vector<std::string>(lines.begin(), lines.begin() + static_cast<long>(first_round)));
  // Without receipts the shorter chain is consistent; the sites' receipts prove it was longer.
  EXPECT_EQ(Verify(cut, false).exit_code, 0);
  auto r = Verify(cut, true);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find(": truncated: "), std::string::npos) << r.output;
}

TEST_F(AuditRecoveryTest, CoordinatorKilledDuringRoundsResumesToTheSameResult) {
  // The uninterrupted result, for comparison, and how many rounds the study takes. Study names
  // are unique per coordinator, so the reference run has its own.
  std::string reference_spec = kCoxStudy;
  reference_spec.replace(reference_spec.find("name: lung-os"), 13, "name: lung-os-reference");
  auto reference = fed_.RunStudy(reference_spec);
  ASSERT_EQ(reference.exit_code, 0) << reference.output;
  const json expected = json::parse(reference.result);
  const int last_round = [&] {
    int n = 0;
    for (const std::string& line : Lines(Log()))
      if (line.find("\"kind\":\"round_completed\"") != std::string::npos) ++n;
    return n;
  }();
  ASSERT_GT(last_round, 4);

  // Restart the nodes so that they hold rounds 1, 2 and the last until released: each kill
  // below then certainly hits a round in progress.
  const auto gates = fed_.dir() / "gates";
  std::filesystem::create_directories(gates);
  const std::vector<std::string> hold{"RADFED_TEST_HOLD_ROUNDS=1,2," + std::to_string(last_round),
                                      "RADFED_TEST_HOLD_DIR=" + gates.string()};
  for (const std::string& site : fed_.roster()) {
    fed_.KillNode(site);
    ASSERT_TRUE(fed_.StartNode(site, hold));
    ASSERT_TRUE(fed_.WaitConnected(site, 2)) << fed_.NodeLog(site);
  }
  const auto out = fed_.dir() / "interrupted.json";
  auto cli = fed_.StartStudy(kCoxStudy, out);
  ASSERT_TRUE(WaitUntil([&] { return ReadFile(fed_.dir() / "study-2.log").find("submitted study") != std::string::npos; },
                        std::chrono::seconds(20)));
  const std::string log = ReadFile(fed_.dir() / "study-2.log");
  const std::string id = log.substr(log.find("st-"), 15);
  for (int round : {1, 2, last_round}) {
    SCOPED_TRACE("killed in round " + std::to_string(round));
    const std::string marker = "study " + id + " round " + std::to_string(round) + " attempt";
    ASSERT_TRUE(WaitUntil([&] { return fed_.CoordinatorLog().find(marker) != std::string::npos; }, std::chrono::seconds(60)))
        << fed_.CoordinatorLog();
    for (const std::string& site : fed_.roster()) {
      ASSERT_TRUE(WaitUntil([&] { return fed_.NodeLog(site).find("holding round " + std::to_string(round) + " ") != std::string::npos; },
                            std::chrono::seconds(20)));
    }
    fed_.KillCoordinator();
    std::string why;
    ASSERT_TRUE(fed_.StartCoordinator(&why)) << why;
    EXPECT_TRUE(WaitUntil([&] {
      return fed_.CoordinatorLog().find("resuming study " + id + " (lung-os) after round " + std::to_string(round - 1)) !=
             std::string::npos;
    }, std::chrono::seconds(10))) << fed_.CoordinatorLog();
    std::ofstream(gates / ("release-" + std::to_string(round))).close();
  }
  const json status = WaitForStudy(id);
  ASSERT_EQ(status["state"], "completed") << status.dump(2) << fed_.CoordinatorLog();
  // The resumed study's result: fetch it with `study status`'s full form via the CLI's run output.
  std::vector<std::string> args{"study", "status", id, "--json", "--result"};
  auto client = fed_.ClientArgs("op");
  args.insert(args.end(), client.begin(), client.end());
  auto r = RunProgram(BinaryPath("radfed"), args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json result = json::parse(r.output.substr(r.output.find('{')))["result"];
  ASSERT_EQ(result["coefficients"].size(), expected["coefficients"].size());
  for (size_t j = 0; j < expected["coefficients"].size(); ++j) {
    EXPECT_EQ(result["coefficients"][j]["coef"], expected["coefficients"][j]["coef"]);
    EXPECT_EQ(result["coefficients"][j]["se"], expected["coefficients"][j]["se"]);
  }
  EXPECT_EQ(result["loglik"], expected["loglik"]);
  EXPECT_EQ(result["iterations"], expected["iterations"]);
  // The log (with three restarts in it) verifies against every receipt the sites kept.
  auto verified = Verify(Log(), true);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;

}

}  // namespace
}  // namespace radfed::testing
