#include "common/rpc/grpc_status.h"

namespace radfed::rpc {

grpc::Status ToGrpcStatus(const Status& status) {
  using G = grpc::StatusCode;
  G code = G::UNKNOWN;
  switch (status.code()) {
    case StatusCode::kOk: return grpc::Status::OK;
    case StatusCode::kInvalidArgument: code = G::INVALID_ARGUMENT; break;
    case StatusCode::kNotFound: code = G::NOT_FOUND; break;
    case StatusCode::kAlreadyExists: code = G::ALREADY_EXISTS; break;
    case StatusCode::kPermissionDenied: code = G::PERMISSION_DENIED; break;
    case StatusCode::kUnauthenticated: code = G::UNAUTHENTICATED; break;
    case StatusCode::kFailedPrecondition: code = G::FAILED_PRECONDITION; break;
    case StatusCode::kOutOfRange: code = G::OUT_OF_RANGE; break;
    case StatusCode::kDataLoss: code = G::DATA_LOSS; break;
    case StatusCode::kUnavailable: code = G::UNAVAILABLE; break;
    case StatusCode::kDeadlineExceeded: code = G::DEADLINE_EXCEEDED; break;
    case StatusCode::kAborted: code = G::ABORTED; break;
    case StatusCode::kIoError: code = G::INTERNAL; break;
    case StatusCode::kInternal: code = G::INTERNAL; break;
  }
  return grpc::Status(code, status.message());
}

Status FromGrpcStatus(const grpc::Status& status, const std::string& what) {
  using G = grpc::StatusCode;
  if (status.ok()) return Status::Ok();
  StatusCode code = StatusCode::kInternal;
  switch (status.error_code()) {
    case G::INVALID_ARGUMENT: code = StatusCode::kInvalidArgument; break;
    case G::NOT_FOUND: code = StatusCode::kNotFound; break;
    case G::ALREADY_EXISTS: code = StatusCode::kAlreadyExists; break;
    case G::PERMISSION_DENIED: code = StatusCode::kPermissionDenied; break;
    case G::UNAUTHENTICATED: code = StatusCode::kUnauthenticated; break;
    case G::FAILED_PRECONDITION: code = StatusCode::kFailedPrecondition; break;
    case G::OUT_OF_RANGE: code = StatusCode::kOutOfRange; break;
    case G::DATA_LOSS: code = StatusCode::kDataLoss; break;
    case G::UNAVAILABLE: code = StatusCode::kUnavailable; break;
    case G::DEADLINE_EXCEEDED: code = StatusCode::kDeadlineExceeded; break;
    case G::ABORTED: code = StatusCode::kAborted; break;
    default: break;
  }
  return Status(code, what + ": " + status.error_message());
}

}  // namespace radfed::rpc
