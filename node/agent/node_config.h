// NodeConfig: node.yaml, written by the hospital's IT.
//
//   site: site-a
//   coordinator: 127.0.0.1:7443
//   tls: {ca: pki/ca.crt, cert: pki/site-a.crt, key: pki/site-a.key}
//   cohort:
//     tables: [{path: site-a.csv, key: patient_id}]
//   state_dir: site-a-state
//   guards: {min_rows: 10}                       # optional: the site's disclosure guards
//   reconnect: {initial_seconds: 0.5, max_seconds: 30}   # optional: backoff after a failure
//
// Relative paths are resolved against the directory of the config file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/config/tls_files.h"
#include "common/status.h"
#include "node/cohort/cohort.h"

namespace radfed::node {

// Limits the site enforces on every task, whatever the study asks.
struct SiteGuards {
  size_t min_rows = 10;  // refuse tasks on fewer usable rows
};

struct NodeConfig {
  std::string site;
  std::string coordinator;  // HOST:PORT
  config::TlsFiles tls;
  std::vector<cohort::TableSource> tables;
  std::filesystem::path state_dir;
  SiteGuards guards;
  double reconnect_initial_seconds = 0.5;
  double reconnect_max_seconds = 30;
};

Result<NodeConfig> LoadNodeConfig(const std::filesystem::path& path);

}  // namespace radfed::node
