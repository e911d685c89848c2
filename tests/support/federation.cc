#include "tests/support/federation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "node/cohort/csv_table.h"

namespace radfed::testing {
namespace {

int CountOccurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace

std::filesystem::path BinaryPath(const std::string& name) {
  if (name == "radfed") return std::filesystem::path(RADFED_BINARY_DIR) / "coordinator/cli/radfed";
  if (name == "radfed-coordinator") return std::filesystem::path(RADFED_BINARY_DIR) / "coordinator/radfed-coordinator";
  return std::filesystem::path(RADFED_BINARY_DIR) / "node" / name;
}

Federation::Federation(std::vector<std::string> roster) : roster_(std::move(roster)) {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() /
         ("radfed-it-" + std::to_string(getpid()) + "-" + std::to_string(rd() % 1000000));
  std::filesystem::create_directories(dir_);
  auto init = RunProgram(BinaryPath("radfed"), {"pki", "init", "--dir", pki().string()});
  EXPECT_EQ(init.exit_code, 0) << init.output;
  auto coordinator = RunProgram(BinaryPath("radfed"),
                                {"pki", "issue", "--dir", pki().string(), "--name", "coordinator",
                                 "--role", "coordinator", "--san", "127.0.0.1", "--san", "localhost"});
  EXPECT_EQ(coordinator.exit_code, 0) << coordinator.output;
  Issue("op", "operator");
  for (const std::string& site : roster_) Issue(site, "node");
}

Federation::~Federation() {
  for (auto& [site, node] : nodes_) node.reset();
  coordinator_.reset();
  if (!std::getenv("RADFED_KEEP_TEST_DIRS")) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void Federation::Issue(const std::string& name, const std::string& role,
                       const std::vector<std::string>& extra) {
  std::vector<std::string> args{"pki", "issue", "--dir", pki().string(), "--name", name, "--role", role};
  args.insert(args.end(), extra.begin(), extra.end());
  auto issued = RunProgram(BinaryPath("radfed"), args);
  ASSERT_EQ(issued.exit_code, 0) << issued.output;
}

bool Federation::StartCoordinator(std::string* why, const std::string& extra_yaml) {
  std::ostringstream yaml;
  yaml << "listen: " << address_ << "\n"
       << "tls: {ca: pki/ca.crt, cert: pki/coordinator.crt, key: pki/coordinator.key, crl: pki/ca.crl}\n"
       << "roster: [";
  for (size_t i = 0; i < roster_.size(); ++i) yaml << (i ? ", " : "") << roster_[i];
  yaml << "]\nstate_dir: coord-state\naudit_log: coord-state/audit.log\nsite_wait_seconds: 60\n" << extra_yaml;
  WriteFile(dir_ / "coordinator.yaml", yaml.str());
  std::filesystem::remove(dir_ / "coord-state" / "listen-address");
  coordinator_ = std::make_unique<Process>(BinaryPath("radfed-coordinator"),
                                           std::vector<std::string>{"--config", (dir_ / "coordinator.yaml").string()},
                                           dir_ / "coordinator.log");
  const auto address_file = dir_ / "coord-state" / "listen-address";
  const bool up = WaitUntil([&] { return std::filesystem::exists(address_file) || !coordinator_->running(); },
                            std::chrono::seconds(20)) &&
                  coordinator_->running();
  if (!up) {
    if (why) *why = CoordinatorLog();
    return false;
  }
  WaitUntil([&] { return ReadFile(address_file).find('\n') != std::string::npos; }, std::chrono::seconds(5));
  std::string address = ReadFile(address_file);
  address_ = address.substr(0, address.find('\n'));
  return true;
}

void Federation::KillCoordinator() {
  if (coordinator_) coordinator_->Kill();
}

std::string Federation::CoordinatorLog() const { return ReadFile(dir_ / "coordinator.log"); }

void Federation::AddSite(const std::string& site, const std::string& csv, const std::string& key,
                         const std::string& extra_yaml) {
  AddSite(site, std::vector<SiteTable>{{"table.csv", key, csv}}, extra_yaml);
}

void Federation::AddSite(const std::string& site, const std::vector<SiteTable>& tables, const std::string& extra_yaml) {
  std::ostringstream yaml;
  yaml << "site: " << site << "\n"
       << "coordinator: " << address_ << "\n"
       << "tls: {ca: pki/ca.crt, cert: pki/" << site << ".crt, key: pki/" << site << ".key}\n"
       << "cohort:\n  tables:\n";
  for (const SiteTable& t : tables) {
    const std::string file = site + "-" + t.file;
    WriteFile(dir_ / file, t.csv);
    yaml << "    - {path: " << file << ", key: " << t.key << "}\n";
  }
  yaml << "state_dir: " << site << "-state\n"
       << "reconnect: {initial_seconds: 0.2, max_seconds: 1}\n"
       << extra_yaml;
  WriteFile(dir_ / (site + ".yaml"), yaml.str());
}

bool Federation::StartNode(const std::string& site, const std::vector<std::string>& environment) {
  // The coordinator address may have been learnt after AddSite (port 0).
  std::string yaml = ReadFile(dir_ / (site + ".yaml"));
  const size_t at = yaml.find("coordinator: ");
  const size_t end = yaml.find('\n', at);
  yaml.replace(at, end - at, "coordinator: " + address_);
  WriteFile(dir_ / (site + ".yaml"), yaml);
  nodes_[site] = std::make_unique<Process>(
      BinaryPath("radfed-node"),
      std::vector<std::string>{"serve", "--config", (dir_ / (site + ".yaml")).string()},
      dir_ / (site + ".log"), std::filesystem::path(), environment);
  return nodes_[site]->running();
}

void Federation::KillNode(const std::string& site) {
  if (nodes_[site]) nodes_[site]->Kill();
}

std::string Federation::NodeLog(const std::string& site) const {
  return ReadFile(dir_ / (site + ".log"));
}

bool Federation::WaitConnected(const std::string& site, int times, std::chrono::milliseconds timeout) {
  return WaitUntil([&] { return CountOccurrences(CoordinatorLog(), site + " connected") >= times; },
                   timeout);
}

std::vector<std::string> Federation::ClientArgs(const std::string& identity) const {
  return {"--coordinator", address_, "--ca", (pki() / "ca.crt").string(), "--cert",
          (pki() / (identity + ".crt")).string(), "--key", (pki() / (identity + ".key")).string()};
}

Federation::StudyRun Federation::RunStudy(const std::string& spec_yaml, const std::string& identity) {
  const auto spec = dir_ / ("study-" + std::to_string(++studies_) + ".yaml");
  const auto out = dir_ / ("result-" + std::to_string(studies_) + ".json");
  WriteFile(spec, spec_yaml);
  std::vector<std::string> args{"study", "run"};
  auto client = ClientArgs(identity);
  args.insert(args.end(), client.begin(), client.end());
  args.insert(args.end(), {spec.string(), "--out", out.string()});
  auto run = RunProgram(BinaryPath("radfed"), args, std::chrono::seconds(180));
  StudyRun result{run.exit_code, run.output, ""};
  if (std::filesystem::exists(out)) result.result = ReadFile(out);
  return result;
}

std::unique_ptr<Process> Federation::StartStudy(const std::string& spec_yaml,
                                                const std::filesystem::path& out,
                                                const std::string& identity) {
  const auto spec = dir_ / ("study-" + std::to_string(++studies_) + ".yaml");
  WriteFile(spec, spec_yaml);
  std::vector<std::string> args{"study", "run"};
  auto client = ClientArgs(identity);
  args.insert(args.end(), client.begin(), client.end());
  args.insert(args.end(), {spec.string(), "--out", out.string()});
  return std::make_unique<Process>(BinaryPath("radfed"), args,
                                   dir_ / ("study-" + std::to_string(studies_) + ".log"));
}

std::map<std::string, std::string> SplitLungBySite() {
  auto table = cohort::CsvTable::ReadFile(RADFED_TEST_DATA_DIR "/outcomes/r_survival/lung.csv");
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  std::map<std::string, std::string> csv;
  std::string header = "patient_id";
  for (const auto& name : table->column_names()) header += "," + name;
  for (const char* site : {"site-a", "site-b", "site-c"}) csv[site] = header + "\n";
  const size_t inst = *table->ColumnIndex("inst");
  for (size_t r = 0; r < table->row_count(); ++r) {
    const std::string& value = table->cell(r, inst);
    std::string site = "site-c";
    if (!value.empty() && value != "NA") {
      const int i = std::stoi(value);
      site = i <= 5 ? "site-a" : i <= 15 ? "site-b" : "site-c";
    }
    std::string row = "p" + std::to_string(r + 1);
    for (size_t c = 0; c < table->column_names().size(); ++c) row += "," + table->cell(r, c);
    csv[site] += row + "\n";
  }
  return csv;
}

}  // namespace radfed::testing
