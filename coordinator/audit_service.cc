#include "coordinator/audit_service.h"

#include "coordinator/peer_identity_context.h"

namespace radfed::coordinator {

grpc::Status AuditServiceImpl::ExportLog(grpc::ServerContext* context, const v1::ExportLogRequest* request,
                                         grpc::ServerWriter<v1::AuditRecord>* writer) {
  auto peer = RequirePeer(*context, {pki::Role::kAuditor});
  if (!peer.ok()) return ToGrpcStatus(peer.status());
  auto lines = trail_->Lines(request->from_seq());
  if (!lines.ok()) return ToGrpcStatus(lines.status());
  v1::AuditRecord record;
  for (const std::string& line : *lines) {
    record.set_line(line);
    if (!writer->Write(record)) break;
  }
  return grpc::Status::OK;
}

}  // namespace radfed::coordinator
