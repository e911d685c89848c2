// AuditService: auditors read the coordinator's audit log over gRPC with their own certificate.
#pragma once

#include "coordinator/audit_trail.h"
#include "radfed/v1/audit_service.grpc.pb.h"

namespace radfed::coordinator {

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  // `trail` must outlive the service.
  explicit AuditServiceImpl(const AuditTrail* trail) : trail_(trail) {}
  grpc::Status ExportLog(grpc::ServerContext* context, const v1::ExportLogRequest* request,
                         grpc::ServerWriter<v1::AuditRecord>* writer) override;

 private:
  const AuditTrail* trail_;
};

}  // namespace radfed::coordinator
