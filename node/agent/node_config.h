// NodeConfig: node.yaml, written by the hospital's IT.
//
//   site: site-a
//   coordinator: 127.0.0.1:7443
//   tls: {ca: pki/ca.crt, cert: pki/site-a.crt, key: pki/site-a.key}
//   cohort:
//     tables: [{path: site-a.csv, key: patient_id}]
//   state_dir: site-a-state
//   guards:                                      # optional: the site's disclosure guards
//     min_rows: 10                # complete cases a task needs
//     min_events: 5               # events (Cox) / cases of the smaller outcome class (logistic)
//     max_parameters_per_row: 0.2
//     allowed_columns: [age, ...] # columns studies may use (omit: all)
//   reconnect: {initial_seconds: 0.5, max_seconds: 30}   # optional: backoff after a failure
//
// Relative paths are resolved against the directory of the config file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/config/tls_files.h"
#include "common/model/disclosure_guards.h"
#include "common/status.h"
#include "node/cohort/cohort.h"

namespace radfed::node {


struct NodeConfig {
  std::string site;
  std::string coordinator;  // HOST:PORT
  config::TlsFiles tls;
  std::vector<cohort::TableSource> tables;
  std::filesystem::path state_dir;
  model::DisclosureGuards guards;  // enforced on every task, whatever the study asks
  double reconnect_initial_seconds = 0.5;
  double reconnect_max_seconds = 30;
};

Result<NodeConfig> LoadNodeConfig(const std::filesystem::path& path);

}  // namespace radfed::node
