// CoordinatorServer: radfed-coordinator assembled from its config — TLS, authentication, the site
// sessions, the studies and the gRPC services. The header shows only what the program's main
// needs; the assembly (and gRPC) stays in coordinator_server.cc.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "coordinator/coordinator_config.h"

namespace radfed::coordinator {

class CoordinatorServer {
 public:
  // Loads credentials and starts listening. Errors: unreadable credentials or CRL, address in use.
  static Result<std::unique_ptr<CoordinatorServer>> Start(const CoordinatorConfig& config);
  virtual ~CoordinatorServer() = default;  // shuts down

  // "127.0.0.1:7443" with the port actually bound (the config may ask for port 0).
  virtual const std::string& address() const = 0;

  // Re-reads the CRL and ends sessions of sites whose certificate is now revoked. On a bad CRL
  // file the previous CRL stays in force and the error is returned.
  virtual Status ReloadCrl() = 0;

  // Stops accepting calls, ends sessions and studies.
  virtual void Shutdown() = 0;
};

}  // namespace radfed::coordinator
