#include "coordinator/study_manager.h"

#include <spdlog/spdlog.h>

#include "common/pki/signer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

namespace radfed::coordinator {
namespace {

std::string NewStudyId() {
  std::random_device rd;
  std::uniform_int_distribution<uint32_t> dist;
  char id[32];
  std::snprintf(id, sizeof id, "st-%08x%04x", dist(rd), dist(rd) & 0xffff);
  return id;
}

}  // namespace

Result<std::unique_ptr<StudyManager>> StudyManager::Open(SiteHub* hub, StudyStore* store, AuditTrail* audit,
                                                         StudyRunner::RoundFactory make_round,
                                                         StudyRunner::Options options) {
  std::unique_ptr<StudyManager> manager(
      new StudyManager(hub, audit, std::move(make_round), std::move(options)));
  RADFED_ASSIGN_OR_RETURN(std::vector<StoredStudy> stored, store->LoadAll());
  std::vector<StudyRunner*> to_start;
  for (StoredStudy& study : stored) {
    auto spec = study::ParseStudySpec(study.spec_yaml, study.spec_source);
    Result<std::unique_ptr<study::StudyPlan>> plan =
        spec.ok() ? study::RestorePlan(*spec, manager->options_.roster, study.plan_state)
                  : Result<std::unique_ptr<study::StudyPlan>>(spec.status());
    if (!plan.ok()) {
      RADFED_RETURN_IF_ERROR(manager->KeepUnreadable(std::move(study), plan.status()));
      continue;
    }
    const std::string id = study.id;
    const bool unfinished = study.status.state() == v1::STUDY_STATE_QUEUED ||
                            study.status.state() == v1::STUDY_STATE_RUNNING;
    if (unfinished) {
      spdlog::info("resuming study {} ({}) after round {}", id, spec->name, study.completed_rounds);
    }
    auto runner = std::make_unique<StudyRunner>(std::move(study), *spec, std::move(*plan), hub, audit,
                                                manager->make_round_, manager->options_);
    if (unfinished) to_start.push_back(runner.get());
    manager->runners_[id] = std::move(runner);
  }
  for (StudyRunner* runner : to_start) runner->Start();
  return manager;
}

Status StudyManager::KeepUnreadable(StoredStudy study, const radfed::Status& why) {
  const std::string message = "stored study cannot be read: " + why.message();
  spdlog::error("study {}: {}; the other studies go on", study.id, message);
  const bool unfinished = study.status.state() != v1::STUDY_STATE_COMPLETED &&
                          study.status.state() != v1::STUDY_STATE_FAILED;
  if (unfinished) {
    study.status.set_state(v1::STUDY_STATE_FAILED);
    study.status.set_message(message);
    RADFED_RETURN_IF_ERROR(audit_->Record({{"study_failed", study.id, study.completed_rounds, "", {{"message", message}}}},
                                          [&](sqlite3* db) { return StudyStore::UpdateWithin(db, study); }));
  }
  unreadable_[study.id] = study.status;
  return radfed::Status::Ok();
}

StudyManager::~StudyManager() {
  std::map<std::string, std::unique_ptr<StudyRunner>> runners;
  {
    std::lock_guard lock(mu_);
    runners.swap(runners_);
  }
  runners.clear();  // joins the runner threads outside the lock
}

Result<std::string> StudyManager::Submit(const std::string& spec_yaml, const std::string& source,
                                         const std::string& submitter) {
  RADFED_ASSIGN_OR_RETURN(study::StudySpec spec, study::ParseStudySpec(spec_yaml, source));
  // Names identify studies in the audit log and in results, so they must not repeat. The lock is
  // held to the end: two submissions of one name must not both pass this check.
  std::lock_guard submit_lock(submit_mu_);
  for (const v1::StudyStatus& existing : List()) {
    if (existing.name() == spec.name) {
      return radfed::Status::AlreadyExists(source + ": a study named '" + spec.name + "' exists already (" +
                                           existing.study_id() + "); choose another name");
    }
  }
  StoredStudy stored;
  stored.id = NewStudyId();
  stored.spec_yaml = spec_yaml;
  stored.spec_source = source;
  stored.status.set_study_id(stored.id);
  stored.status.set_name(spec.name);
  stored.status.set_type(spec.type);
  stored.status.set_state(v1::STUDY_STATE_QUEUED);
  stored.status.set_submitted_unix(
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  auto plan = study::MakePlan(spec, options_.roster);
  stored.plan_state = plan->SaveState();
  RADFED_RETURN_IF_ERROR(audit_->Record(
      {{"study_submitted", stored.id, 0, "",
        {{"name", spec.name}, {"type", spec.type}, {"submitted_by", submitter}, {"spec_sha256", pki::Sha256Hex(spec_yaml)}}}},
      [&](sqlite3* db) { return StudyStore::InsertWithin(db, stored); }));
  const std::string id = stored.id;
  auto runner = std::make_unique<StudyRunner>(std::move(stored), spec, std::move(plan), hub_, audit_,
                                              make_round_, options_);
  StudyRunner* started = runner.get();
  {
    std::lock_guard lock(mu_);
    runners_[id] = std::move(runner);
  }
  spdlog::info("study {} ({}, type {}) submitted", id, spec.name, spec.type);
  started->Start();
  return id;
}

StudyRunner* StudyManager::Find(const std::string& study_id) const {
  std::lock_guard lock(mu_);
  auto it = runners_.find(study_id);
  return it == runners_.end() ? nullptr : it->second.get();
}

Result<v1::StudyStatus> StudyManager::Status(const std::string& study_id) const {
  StudyRunner* runner = Find(study_id);
  if (runner) return runner->status();
  std::lock_guard lock(mu_);
  auto it = unreadable_.find(study_id);
  if (it != unreadable_.end()) return it->second;
  return radfed::Status::NotFound("no study with id '" + study_id + "'");
}

std::vector<v1::StudyStatus> StudyManager::List() const {
  std::vector<v1::StudyStatus> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, runner] : runners_) {
    v1::StudyStatus s = runner->status();
    s.clear_rounds();
    s.clear_result_json();
    out.push_back(std::move(s));
  }
  for (const auto& [id, status] : unreadable_) {
    out.push_back(status);
    out.back().clear_rounds();
    out.back().clear_result_json();
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.submitted_unix() > b.submitted_unix();
  });
  return out;
}

void StudyManager::OnReply(const std::string& site, const v1::StepReply& reply) {
  StudyRunner* runner = Find(reply.study_id());
  if (!runner) {
    spdlog::warn("reply from {} for unknown study '{}' ignored", site, reply.study_id());
    return;
  }
  runner->OnReply(site, reply);
}

void StudyManager::OnConnectionChange() {
  std::lock_guard lock(mu_);
  for (const auto& [id, runner] : runners_) runner->OnConnectionChange();
}

}  // namespace radfed::coordinator
