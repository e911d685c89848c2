// Conversions between radfed::Status and grpc::Status, so messages survive the network intact.
#pragma once

#include <grpcpp/support/status.h>

#include "common/status.h"

namespace radfed::rpc {

grpc::Status ToGrpcStatus(const Status& status);
// Keeps the server's message; adds `what` (e.g. "submitting the study to 127.0.0.1:7443") in front.
Status FromGrpcStatus(const grpc::Status& status, const std::string& what);

}  // namespace radfed::rpc
