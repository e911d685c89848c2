#include "coordinator/study_service.h"

#include <spdlog/spdlog.h>

#include "coordinator/peer_identity_context.h"

namespace radfed::coordinator {

grpc::Status StudyServiceImpl::SubmitStudy(grpc::ServerContext* context,
                                           const v1::SubmitStudyRequest* request,
                                           v1::SubmitStudyResponse* response) {
  auto peer = RequirePeer(*context, {pki::Role::kOperator});
  if (!peer.ok()) return ToGrpcStatus(peer.status());
  const std::string source = request->spec_name().empty() ? "study specification" : request->spec_name();
  auto id = manager_->Submit(request->spec_yaml(), source, peer->name);
  if (!id.ok()) {
    spdlog::warn("study from operator {} refused: {}", peer->name, id.status().message());
    return ToGrpcStatus(id.status());
  }
  response->set_study_id(*id);
  return grpc::Status::OK;
}

grpc::Status StudyServiceImpl::GetStudy(grpc::ServerContext* context,
                                        const v1::GetStudyRequest* request,
                                        v1::StudyStatus* response) {
  auto peer = RequirePeer(*context, {pki::Role::kOperator});
  if (!peer.ok()) return ToGrpcStatus(peer.status());
  auto status = manager_->Status(request->study_id());
  if (!status.ok()) return ToGrpcStatus(status.status());
  *response = *status;
  return grpc::Status::OK;
}

grpc::Status StudyServiceImpl::WatchStudy(grpc::ServerContext* context,
                                          const v1::GetStudyRequest* request,
                                          grpc::ServerWriter<v1::StudyStatus>* writer) {
  auto peer = RequirePeer(*context, {pki::Role::kOperator});
  if (!peer.ok()) return ToGrpcStatus(peer.status());
  StudyRunner* runner = manager_->Find(request->study_id());
  if (!runner) {
    // An unreadable stored study has a final status but no runner: send that once.
    auto status = manager_->Status(request->study_id());
    if (!status.ok()) return ToGrpcStatus(status.status());
    writer->Write(*status);
    return grpc::Status::OK;
  }
  uint64_t version = 0;
  for (;;) {
    const v1::StudyStatus status = runner->status();
    if (!writer->Write(status)) return grpc::Status::OK;
    if (status.state() == v1::STUDY_STATE_COMPLETED || status.state() == v1::STUDY_STATE_FAILED) {
      return grpc::Status::OK;
    }
    // Wake at least every second so elapsed times advance and cancelled watchers leave.
    runner->WaitForChange(&version, std::chrono::milliseconds(1000));
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
  }
}

grpc::Status StudyServiceImpl::ListStudies(grpc::ServerContext* context, const v1::ListStudiesRequest*,
                                           v1::ListStudiesResponse* response) {
  auto peer = RequirePeer(*context, {pki::Role::kOperator});
  if (!peer.ok()) return ToGrpcStatus(peer.status());
  for (auto& s : manager_->List()) *response->add_studies() = std::move(s);
  return grpc::Status::OK;
}

}  // namespace radfed::coordinator
