// Federation: a whole consortium on loopback for integration tests — a PKI made with the real
// `radfed pki` command, a coordinator, and nodes, each a real process with its own config.
//
// Everything lives in a fresh temporary directory that is removed at the end (kept when the
// environment variable RADFED_KEEP_TEST_DIRS is set, for debugging).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace radfed::testing {

std::filesystem::path BinaryPath(const std::string& name);  // a built radfed program

// One CSV table of a site's cohort, as node.yaml names it.
struct SiteTable {
  std::string file;  // e.g. "clinical.csv"
  std::string key;   // key column
  std::string csv;   // contents
};

class Federation {
 public:
  explicit Federation(std::vector<std::string> roster);
  ~Federation();

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path pki() const { return dir_ / "pki"; }
  const std::vector<std::string>& roster() const { return roster_; }

  // `radfed pki issue` for an extra identity (extra args e.g. {"--days", "1"}); asserts success.
  void Issue(const std::string& name, const std::string& role,
             const std::vector<std::string>& extra = {});

  // Starts the coordinator (port 0 the first time; the same port on a restart) and waits until it
  // listens. Returns false (with the log in *why) if it did not come up. `extra_yaml` is appended
  // to coordinator.yaml.
  bool StartCoordinator(std::string* why = nullptr, const std::string& extra_yaml = "");
  void KillCoordinator();   // SIGKILL
  Process* coordinator() { return coordinator_.get(); }
  const std::string& address() const { return address_; }
  std::string CoordinatorLog() const;

  // Writes `csv` as the site's cohort table (key column `key`) and its node.yaml.
  void AddSite(const std::string& site, const std::string& csv, const std::string& key,
               const std::string& extra_yaml = "");
  // The same with several tables, joined on their keys by the node.
  void AddSite(const std::string& site, const std::vector<SiteTable>& tables, const std::string& extra_yaml = "");
  bool StartNode(const std::string& site, const std::vector<std::string>& environment = {});
  void KillNode(const std::string& site);
  Process* node(const std::string& site) { return nodes_[site].get(); }
  std::string NodeLog(const std::string& site) const;
  // Waits until the coordinator log says the site connected `times` times in all.
  bool WaitConnected(const std::string& site, int times = 1,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // `radfed study run` as `identity` (default: the operator "op").
  struct StudyRun {
    int exit_code = -1;
    std::string output;
    std::string result;  // the --out file's content, empty if not written
  };
  StudyRun RunStudy(const std::string& spec_yaml, const std::string& identity = "op");
  // Starts `radfed study run` in the background (for tests that kill things meanwhile).
  std::unique_ptr<Process> StartStudy(const std::string& spec_yaml, const std::filesystem::path& out,
                                      const std::string& identity = "op");
  // Arguments that connect the CLI as `identity`.
  std::vector<std::string> ClientArgs(const std::string& identity) const;

 private:
  std::filesystem::path dir_;
  std::vector<std::string> roster_;
  std::string address_ = "127.0.0.1:0";
  std::unique_ptr<Process> coordinator_;
  std::map<std::string, std::unique_ptr<Process>> nodes_;
  int studies_ = 0;
};

// Splits lung.csv (R `survival`) over three sites by institution: inst <= 5 -> site-a,
// 6..15 -> site-b, > 15 or missing -> site-c. Adds a `patient_id` key column (the row number).
std::map<std::string, std::string> SplitLungBySite();

}  // namespace radfed::testing
