// `radfed report` as a program: the page is written for a real result, and every unusable input
// stops it with a non-zero exit and a message naming the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/report/simulated_study.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kRadfed = fs::path(RADFED_BINARY_DIR) / "coordinator/cli/radfed";

class ReportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("radfed-report-command-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto result = SimulateStudy(R"yaml(name: lung-os
type: model
model: cox
features: [age, sex]
outcome: {time: time, event: status, event_value: 2}
min_sites: 3
)yaml", LungTables());
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    std::ofstream(Path("result.json")) << result->dump(2);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  RunResult Report(std::vector<std::string> args) {
    args.insert(args.begin(), "report");
    return RunProgram(kRadfed, args);
  }

  fs::path dir_;
};

TEST_F(ReportCommandTest, WritesThePage) {
  auto run = Report({"--result", Path("result.json"), "--out", Path("report.html")});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("report written to " + Path("report.html")));
  const std::string html = ReadFile(Path("report.html"));
  EXPECT_THAT(html, HasSubstr("<h1>lung-os</h1>"));
  EXPECT_THAT(html, HasSubstr("Not verified for this report"));
  EXPECT_FALSE(fs::exists(Path("report.html.tmp")));
}

TEST_F(ReportCommandTest, UnusableInputsNameTheFile) {
  std::ofstream(Path("broken.json")) << "{\"model\": \"cox\", ";
  std::ofstream(Path("other.json")) << "{\"hello\": 1}";
  std::ofstream(Path("deep.json")) << "{\"coefficients\": " << std::string(100000, '[') << std::string(100000, ']') << "}";
  fs::create_directories(Path("a-directory"));
  std::ofstream(Path("other-study.yaml")) << "name: breast-rfs\ntype: model\n";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--result", Path("missing.json")}, Path("missing.json") + ": cannot open"},
      {{"--result", Path("broken.json")}, Path("broken.json") + ": not valid JSON"},
      {{"--result", Path("other.json")}, Path("other.json") + ": not a study result"},
      {{"--result", Path("deep.json")}, Path("deep.json") + ": not valid JSON (or nested more than 64 levels deep)"},
      {{"--result", Path("result.json"), "--study", Path("missing.yaml")}, Path("missing.yaml") + ": cannot open"},
      {{"--result", Path("result.json"), "--study", Path("a-directory")}, Path("a-directory") + ": a directory, not a file"},
      {{"--result", Path("result.json"), "--study", Path("other-study.yaml")},
       Path("other-study.yaml") + ": the specification of study 'breast-rfs', but " + Path("result.json") +
           " is the result of study 'lung-os'"},
      {{"--result", Path("result.json"), "--audit-log", Path("a-directory"), "--ca", Path("ca.crt")},
       Path("a-directory") + ": a directory, not a file"},
      {{"--result", Path("result.json"), "--audit-log", Path("missing.log")}, "--audit-log needs --ca"},
      {{"--result", Path("result.json"), "--audit-status", Path("missing.txt")}, Path("missing.txt") + ": cannot open"},
  };
  for (auto [args, message] : cases) {
    args.insert(args.end(), {"--out", Path("report.html")});
    auto run = Report(args);
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_THAT(run.output, HasSubstr("radfed report: " + message));
    EXPECT_FALSE(fs::exists(Path("report.html"))) << message;
  }
  auto run = Report({"--result", Path("result.json"), "--out", Path("no-such-dir/report.html")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr(Path("no-such-dir/report.html") + ": cannot write the report"));
}

TEST_F(ReportCommandTest, AFailedAuditVerdictIsShownAndExitsThree) {
  std::ofstream(Path("status.txt")) << "audit.log: NOT intact: entry 7 (line 8): changed: hash mismatch\n";
  auto run = Report({"--result", Path("result.json"), "--audit-status", Path("status.txt"), "--out", Path("r.html")});
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_THAT(ReadFile(Path("r.html")),
              HasSubstr("class=\"status bad\">NOT verified: audit.log: NOT intact: entry 7 (line 8): changed"));
  std::ofstream(Path("status.txt")) << "audit.log: intact (12 entries, 0 receipts verified)\n";
  run = Report({"--result", Path("result.json"), "--audit-status", Path("status.txt"), "--out", Path("r.html")});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(ReadFile(Path("r.html")), HasSubstr("class=\"status ok\">Verified: audit.log: intact (12 entries"));
}

}  // namespace
}  // namespace radfed::testing
