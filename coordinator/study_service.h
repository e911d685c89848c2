// StudyService: the operator's gRPC service (submit, get, watch, list studies).
#pragma once

#include "coordinator/study_manager.h"
#include "radfed/v1/study_service.grpc.pb.h"

namespace radfed::coordinator {

class StudyServiceImpl final : public v1::StudyService::Service {
 public:
  // `manager` must outlive the service.
  explicit StudyServiceImpl(StudyManager* manager) : manager_(manager) {}

  grpc::Status SubmitStudy(grpc::ServerContext* context, const v1::SubmitStudyRequest* request,
                           v1::SubmitStudyResponse* response) override;
  grpc::Status GetStudy(grpc::ServerContext* context, const v1::GetStudyRequest* request,
                        v1::StudyStatus* response) override;
  grpc::Status WatchStudy(grpc::ServerContext* context, const v1::GetStudyRequest* request,
                          grpc::ServerWriter<v1::StudyStatus>* writer) override;
  grpc::Status ListStudies(grpc::ServerContext* context, const v1::ListStudiesRequest* request,
                           v1::ListStudiesResponse* response) override;

 private:
  StudyManager* const manager_;
};

}  // namespace radfed::coordinator
