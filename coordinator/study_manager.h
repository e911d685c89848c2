// StudyManager: the coordinator's studies — submission, routing of site replies, status.
//
// Every study runs in its own StudyRunner; replies from sites are routed by study id. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "coordinator/site_hub.h"
#include "coordinator/study_runner.h"
#include "coordinator/study_store.h"

namespace radfed::coordinator {

class StudyManager {
 public:
  // Loads every study from `store` and resumes the unfinished ones; progress is then persisted
  // through `audit` (whose store it is). `hub` and `audit` must outlive the manager. A stored
  // study whose spec or state cannot be read (damage, or a change of what a spec accepts) does
  // not keep the coordinator from serving the others: it is recorded as failed, and its status
  // stays visible. Errors: unreadable store, audit log that cannot be written.
  static Result<std::unique_ptr<StudyManager>> Open(SiteHub* hub, StudyStore* store, AuditTrail* audit,
                                                   StudyRunner::RoundFactory make_round,
                                                   StudyRunner::Options options);
  ~StudyManager();

  // Validates `spec_yaml`, records the submission by `submitter` and starts the study. Returns
  // its id. AlreadyExists if a study of the same name exists.
  Result<std::string> Submit(const std::string& spec_yaml, const std::string& source, const std::string& submitter);

  Result<v1::StudyStatus> Status(const std::string& study_id) const;
  // Null if unknown or unreadable (Status() still answers for those). The runner stays alive as long as the manager.
  StudyRunner* Find(const std::string& study_id) const;
  std::vector<v1::StudyStatus> List() const;

  void OnReply(const std::string& site, const v1::StepReply& reply);
  void OnConnectionChange();

 private:
  StudyManager(SiteHub* hub, AuditTrail* audit, StudyRunner::RoundFactory make_round,
               StudyRunner::Options options)
      : hub_(hub), audit_(audit), make_round_(std::move(make_round)), options_(std::move(options)) {}

  // Records an unreadable stored study as failed (once) and keeps its last status.
  radfed::Status KeepUnreadable(StoredStudy study, const radfed::Status& why);

  SiteHub* const hub_;
  AuditTrail* const audit_;
  const StudyRunner::RoundFactory make_round_;
  const StudyRunner::Options options_;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<StudyRunner>> runners_;
  std::map<std::string, v1::StudyStatus> unreadable_;  // by id; written only while opening
  std::mutex submit_mu_;  // serialises Submit's name check with its insertion
};

}  // namespace radfed::coordinator
