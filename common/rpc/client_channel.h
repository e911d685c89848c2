// Mutually authenticated TLS channels from nodes and the CLI to the coordinator.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "common/config/tls_files.h"
#include "common/status.h"

namespace radfed::rpc {

// A channel to `target` (HOST:PORT) that presents our certificate and accepts only a server
// certificate issued by the consortium CA for the name in `target` (or `server_name` when the
// coordinator is reached under another name). Errors: a malformed target, and credential files
// that are unreadable or do not belong together, each naming the file.
Result<std::shared_ptr<grpc::Channel>> MakeClientChannel(const std::string& target,
                                                         const config::TlsFiles& tls,
                                                         const std::string& server_name = "");

}  // namespace radfed::rpc
