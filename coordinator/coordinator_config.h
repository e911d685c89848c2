// CoordinatorConfig: coordinator.yaml.
//
//   listen: 127.0.0.1:7443
//   tls: {ca: pki/ca.crt, cert: pki/coordinator.crt, key: pki/coordinator.key, crl: pki/ca.crl}
//   roster: [site-a, site-b, site-c]
//   state_dir: coord-state
//   audit_log: coord-state/audit.log
//   site_wait_seconds: 600      # optional: how long a study waits for its sites to connect
//   metrics_listen: 127.0.0.1:9464   # optional: Prometheus text endpoint (GET /metrics)
//   keep_transcripts: false     # optional: keep every secure-aggregation message received, under
//                               # state_dir/transcripts/<study>/<attempt>/ (masked inputs look
//                               # uniformly random; auditors can re-check the logged digests)
//
// Relative paths are resolved against the directory of the config file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/config/tls_files.h"
#include "common/status.h"

namespace radfed::coordinator {

struct CoordinatorConfig {
  std::string listen;
  config::TlsFiles tls;
  std::vector<std::string> roster;
  std::filesystem::path state_dir;
  std::filesystem::path audit_log;
  double site_wait_seconds = 600;
  std::string metrics_listen;  // empty: no metrics endpoint
  bool keep_transcripts = false;
};

Result<CoordinatorConfig> LoadCoordinatorConfig(const std::filesystem::path& path);

}  // namespace radfed::coordinator
