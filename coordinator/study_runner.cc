#include "coordinator/study_runner.h"

#include <spdlog/spdlog.h>

#include "common/io/untrusted_json.h"
#include "common/pki/signer.h"

#include <algorithm>
#include <fstream>

namespace radfed::coordinator {
namespace {

std::string StepName(v1::AggregationStep step) {
  switch (step) {
    case v1::AGGREGATION_STEP_ADVERTISE_KEYS: return "advertise-keys";
    case v1::AGGREGATION_STEP_SHARE_KEYS: return "share-keys";
    case v1::AGGREGATION_STEP_MASKED_INPUT: return "masked-input";
    case v1::AGGREGATION_STEP_UNMASK: return "unmask";
    default: return "unknown";
  }
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

StudyRunner::StudyRunner(StoredStudy stored, study::StudySpec spec,
                         std::unique_ptr<study::StudyPlan> plan, SiteHub* hub, AuditTrail* audit,
                         RoundFactory make_round, Options options)
    : id_(stored.id), spec_source_(stored.spec_source), spec_(std::move(spec)),
      plan_(std::move(plan)), hub_(hub), audit_(audit), make_round_(std::move(make_round)),
      options_(std::move(options)), round_(stored.completed_rounds),
      attempt_(stored.attempts_started), status_(std::move(stored.status)) {
  for (const auto& [site, reason] : stored.refused.items()) refused_[site] = reason.get<std::string>();
}

audit::AuditEvent StudyRunner::AuditEventOf(const std::string& kind, const std::string& site, nlohmann::json details) const {
  return {kind, id_, round_, site, std::move(details)};
}

Status StudyRunner::Commit(const std::vector<audit::AuditEvent>& events) { return Commit(events, status()); }

Status StudyRunner::Commit(const std::vector<audit::AuditEvent>& events, const v1::StudyStatus& status) {
  StoredStudy stored;
  stored.id = id_;
  stored.spec_yaml = spec_.yaml;
  stored.spec_source = spec_source_;
  stored.status = status;
  stored.plan_state = plan_->SaveState();
  stored.completed_rounds = plan_finished_rounds_;
  stored.attempts_started = attempt_;
  for (const auto& [site, reason] : refused_) stored.refused[site] = reason;
  return audit_->Record(events, [&](sqlite3* db) { return StudyStore::UpdateWithin(db, stored); });
}

StudyRunner::~StudyRunner() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  inbox_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StudyRunner::KeepTranscript(const std::string& site, v1::AggregationStep step, const std::string& payload) {
  const auto dir = options_.transcript_dir / id_ / std::to_string(attempt_);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::ofstream out(dir / (site + "-" + StepName(step) + ".bin"), std::ios::binary);
  out << payload;
  if (ec || !out) spdlog::warn("study {}: cannot keep the transcript in {}", id_, dir.string());
}

void StudyRunner::Start() {
  if (finished()) return;  // a study restored in its final state only serves its status
  thread_ = std::thread([this] { Run(); });
}

void StudyRunner::OnReply(const std::string& site, const v1::StepReply& reply) {
  {
    std::lock_guard lock(mu_);
    inbox_.push_back({site, reply});
  }
  inbox_cv_.notify_all();
}

void StudyRunner::OnConnectionChange() {
  {
    std::lock_guard lock(mu_);
    inbox_.push_back({"", std::nullopt});
  }
  inbox_cv_.notify_all();
}

v1::StudyStatus StudyRunner::status() const {
  std::lock_guard lock(mu_);
  v1::StudyStatus copy = status_;
  // Elapsed time of the running step is computed on read so watchers see it advance.
  if (copy.rounds_size() > 0 && copy.state() == v1::STUDY_STATE_RUNNING) {
    copy.mutable_rounds(copy.rounds_size() - 1)->set_elapsed_seconds(Seconds(Clock::now() - step_started_));
  }
  return copy;
}

bool StudyRunner::WaitForChange(uint64_t* version, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  const bool changed = status_cv_.wait_for(lock, timeout, [&] { return version_ != *version; });
  *version = version_;
  return changed;
}

bool StudyRunner::finished() const {
  std::lock_guard lock(mu_);
  return status_.state() == v1::STUDY_STATE_COMPLETED || status_.state() == v1::STUDY_STATE_FAILED;
}

void StudyRunner::UpdateStatus(const std::function<void(v1::StudyStatus&)>& change) {
  {
    std::lock_guard lock(mu_);
    change(status_);
    status_.clear_connected_sites();
    for (const std::string& site : hub_->Connected()) status_.add_connected_sites(site);
    ++version_;
  }
  status_cv_.notify_all();
}

void StudyRunner::SetState(v1::StudyState state, const std::string& message) {
  UpdateStatus([&](v1::StudyStatus& s) {
    s.set_state(state);
    s.set_message(message);
  });
}

void StudyRunner::SetSite(const std::string& site, v1::SiteRoundState state,
                          const std::string& reason) {
  UpdateStatus([&](v1::StudyStatus& s) {
    if (s.rounds_size() == 0) return;
    auto* round = s.mutable_rounds(s.rounds_size() - 1);
    for (auto& p : *round->mutable_sites()) {
      if (p.site() == site) {
        p.set_state(state);
        p.set_reason(reason);
      }
    }
  });
}

void StudyRunner::Finish(v1::StudyState state, const std::string& message, const std::string& result_json) {
  v1::StudyStatus final_status = status();
  final_status.set_state(state);
  final_status.set_message(message);
  final_status.set_result_json(result_json);
  nlohmann::json details = {{"message", message}};
  if (!result_json.empty()) details["result_sha256"] = pki::Sha256Hex(result_json);
  Status persisted =
      Commit({AuditEventOf(state == v1::STUDY_STATE_COMPLETED ? "study_completed" : "study_failed", "", details)}, final_status);
  if (!persisted.ok()) spdlog::error("study {}: {}", id_, persisted.message());
  UpdateStatus([&](v1::StudyStatus& s) {
    s.set_state(state);
    s.set_message(message);
    s.set_result_json(result_json);
  });
  if (options_.metrics) options_.metrics->StudyFinished(state == v1::STUDY_STATE_COMPLETED);
}

void StudyRunner::Run() {
  Status result = RunStudy();
  if (result.ok()) {
    spdlog::info("study {} ({}) completed after {} rounds", id_, spec_.name, round_);
    Finish(v1::STUDY_STATE_COMPLETED, "completed after " + std::to_string(round_) + " rounds",
           plan_->Outcome().dump());
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (stop_) return;  // shutting down: the study is neither failed nor finished
  }
  spdlog::warn("study {} ({}) failed: {}", id_, spec_.name, result.message());
  Finish(v1::STUDY_STATE_FAILED, result.message(), "");
}

std::set<std::string> StudyRunner::Eligible() const {
  std::set<std::string> eligible;
  for (const std::string& site : options_.roster)
    if (!refused_.count(site)) eligible.insert(site);
  return eligible;
}

Status StudyRunner::RunStudy() {
  plan_finished_rounds_ = round_;
  SetState(v1::STUDY_STATE_RUNNING, round_ == 0 ? "starting"
                                                : "resuming after round " + std::to_string(round_));
  for (;;) {
    RADFED_ASSIGN_OR_RETURN(std::optional<study::AggregationTask> task, plan_->Next());
    if (!task) return Status::Ok();
    ++round_;
    Status last = Status::Aborted("no attempt made");
    for (int tries = 1; tries <= options_.max_attempts; ++tries) {
      ++attempt_;
      RADFED_ASSIGN_OR_RETURN(std::set<std::string> participants, WaitForSites(*task));
      // Recorded (and the attempt id persisted, so ids never repeat after a crash) before any site is asked.
      RADFED_RETURN_IF_ERROR(Commit({AuditEventOf("round_started", "",
                                           {{"attempt", attempt_},
                                            {"sites", participants},
                                            {"task_sha256", pki::Sha256Hex(task->task.dump())}})}));
      RADFED_ASSIGN_OR_RETURN(std::unique_ptr<AggregationRound> round,
                              make_round_(spec_, id_, attempt_, participants, *task));
      const Clock::time_point attempt_started = Clock::now();
      last = RunAttempt(*task, participants, round.get(), tries);
      if (options_.metrics) {
        if (last.ok()) options_.metrics->RoundCompleted(Seconds(Clock::now() - attempt_started));
        else options_.metrics->RoundAborted();
      }
      if (last.ok()) {
        RADFED_RETURN_IF_ERROR(plan_->Accept(round->sum(), round->contributors()));
        plan_finished_rounds_ = round_;
        std::string sum_bytes(reinterpret_cast<const char*>(round->sum().data()), round->sum().size() * sizeof(double));
        RADFED_RETURN_IF_ERROR(Commit({AuditEventOf("round_completed", "",
                                             {{"attempt", attempt_},
                                              {"participation", round->Transcript()["steps"]},
                                              {"contributors", round->contributors()},
                                              {"aggregate_sha256", pki::Sha256Hex(sum_bytes)},
                                              {"update", plan_->AuditSummary()}})}));
        break;
      }
      RADFED_RETURN_IF_ERROR(Commit({AuditEventOf("round_aborted", "",
                                           {{"attempt", attempt_},
                                            {"reason", last.message()},
                                            {"participation", round->Transcript()["steps"]}})}));
      if (last.code() != StatusCode::kAborted) return last;
      spdlog::warn("study {} round {} attempt {} aborted: {}", id_, round_, attempt_, last.message());
    }
    if (!last.ok()) {
      return Status::Unavailable("round " + std::to_string(round_) + " failed " +
                             std::to_string(options_.max_attempts) + " times; last: " + last.message());
    }
  }
}

Result<std::set<std::string>> StudyRunner::WaitForSites(const study::AggregationTask& task) {
  const std::set<std::string> eligible = Eligible();
  std::set<std::string> wanted;
  if (task.required_sites.empty()) {
    wanted = eligible;
  } else {
    for (const std::string& site : task.required_sites)
      if (eligible.count(site)) wanted.insert(site);
  }
  if (wanted.size() < static_cast<size_t>(spec_.min_sites)) {
    std::string reasons;
    for (const auto& [site, reason] : refused_) reasons += "; " + site + " refused: " + reason;
    return Status::FailedPrecondition("the study needs " + std::to_string(spec_.min_sites) +
                                      " sites but only " + std::to_string(wanted.size()) +
                                      " can take part" + reasons);
  }
  auto connected_wanted = [&] {
    std::set<std::string> c;
    for (const std::string& site : hub_->Connected())
      if (wanted.count(site)) c.insert(site);
    return c;
  };
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(options_.site_wait_seconds));
  auto all_here = [&] { return connected_wanted().size() == wanted.size(); };
  if (!all_here()) {
    std::set<std::string> missing = wanted;
    for (const auto& s : connected_wanted()) missing.erase(s);
    UpdateStatus([&](v1::StudyStatus& s) {
      s.set_message("round " + std::to_string(round_) + ": waiting for " + Join(missing) +
                    " to connect");
    });
    if (!Pump(deadline, all_here, [](Event&) {})) return Status::Aborted("coordinator stopping");
  }
  std::set<std::string> participants = connected_wanted();
  if (!task.required_sites.empty() && participants != wanted) {
    std::set<std::string> missing = wanted;
    for (const auto& s : participants) missing.erase(s);
    return Status::FailedPrecondition(
        "round " + std::to_string(round_) + " needs every site of the study's first round, but " + Join(missing) +
        " did not connect within " + std::to_string(static_cast<int>(options_.site_wait_seconds)) +
        " s; a sum over fewer sites would not match the earlier rounds");
  }
  if (participants.size() < static_cast<size_t>(spec_.min_sites)) {
    return Status::FailedPrecondition(
        "only " + std::to_string(participants.size()) + " of the study's sites connected within " +
        std::to_string(static_cast<int>(options_.site_wait_seconds)) + " s (" + Join(participants) +
        "); the study needs " + std::to_string(spec_.min_sites));
  }
  return participants;
}

bool StudyRunner::Pump(Clock::time_point deadline, const std::function<bool()>& done,
                       const std::function<void(Event&)>& handle) {
  std::unique_lock lock(mu_);
  for (;;) {
    while (!inbox_.empty()) {
      Event event = std::move(inbox_.front());
      inbox_.pop_front();
      lock.unlock();
      handle(event);
      lock.lock();
    }
    if (stop_) return false;
    lock.unlock();
    const bool finished_now = done();
    lock.lock();
    if (finished_now || Clock::now() >= deadline) return true;
    inbox_cv_.wait_until(lock, deadline, [&] { return stop_ || !inbox_.empty(); });
  }
}

Status StudyRunner::RunAttempt(const study::AggregationTask& task,
                               const std::set<std::string>& participants,
                               AggregationRound* round, int retry) {
  UpdateStatus([&](v1::StudyStatus& s) {
    auto* r = s.add_rounds();
    r->set_round(round_);
    r->set_attempt(attempt_);
    r->set_retry(static_cast<uint32_t>(retry));
    r->set_timeout_seconds(spec_.round_timeout_seconds);
    for (const std::string& site : participants) {
      auto* p = r->add_sites();
      p->set_site(site);
      p->set_state(v1::SITE_ROUND_STATE_AWAITED);
    }
    s.set_message("round " + std::to_string(round_) + " running");
  });
  spdlog::info("study {} round {} attempt {}: sites {}", id_, round_, attempt_, Join(participants));
  // Sites learn which sites must contribute and how many at least: they refuse to reveal a sum
  // the study could not use, since its retry would expose the missing sites by subtraction.
  nlohmann::json task_with_sites = task.task;
  task_with_sites["required_sites"] = task.required_sites;
  task_with_sites["min_sites"] = spec_.min_sites;
  const std::string task_json = task_with_sites.dump();
  bool first_step = true;
  for (;;) {
    const v1::AggregationStep step = round->step();
    const Clock::time_point step_started = Clock::now();
    UpdateStatus([&](v1::StudyStatus& s) {
      step_started_ = step_started;
      auto* r = s.mutable_rounds(s.rounds_size() - 1);
      r->set_step(StepName(step));
      r->set_waiting_reason("");
    });
    std::map<std::string, uint64_t> sent_on;  // the session each request of this step went to
    for (const auto& [site, payload] : round->Requests()) {
      v1::CoordinatorMessage message;
      v1::StepRequest* request = message.mutable_step_request();
      request->set_study_id(id_);
      request->set_round(round_);
      request->set_attempt(attempt_);
      request->set_step(step);
      if (first_step) request->set_task_json(task_json);
      request->set_payload(payload);
      const audit::ChainHead head = audit_->head();
      request->set_audit_head_seq(head.next_seq - 1);
      request->set_audit_head_hash(head.hash);
      const uint64_t serial = hub_->Send(site, message);
      if (serial == 0) {
        round->OnDropped(site);
        SetSite(site, v1::SITE_ROUND_STATE_DROPPED, "not connected");
      } else {
        sent_on[site] = serial;
      }
    }
    first_step = false;
    const auto deadline = step_started + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(spec_.round_timeout_seconds));
    // The step's receipts enter the log together when it closes: one signed, synced transaction
    // per step rather than one per site, which kept the unmasking step waiting on the disk.
    std::vector<audit::AuditEvent> receipts;
    auto handle = [&](Event& event) {
      if (!event.reply) {
        // Connection change: an awaited site whose request went to a session that has since
        // ended has dropped, even if it is already back on a new session (which never got it).
        for (const std::string& site : round->awaited()) {
          const auto sent = sent_on.find(site);
          const uint64_t serial = hub_->SessionSerial(site);
          if (serial == 0 || (sent != sent_on.end() && serial != sent->second)) {
            round->OnDropped(site);
            SetSite(site, v1::SITE_ROUND_STATE_DROPPED, "disconnected");
            spdlog::warn("study {} round {}: {} disconnected", id_, round_, site);
          }
        }
        UpdateStatus([](v1::StudyStatus&) {});
        return;
      }
      const v1::StepReply& reply = *event.reply;
      if (reply.study_id() != id_ || reply.round() != round_ || reply.attempt() != attempt_ ||
          reply.step() != step || !round->awaited().count(event.site)) {
        spdlog::warn("study {}: ignoring a stale or unexpected reply from {} (round {}, attempt {}, step {})",
                     id_, event.site, reply.round(), reply.attempt(), StepName(reply.step()));
        return;
      }
      if (reply.has_abandon()) {
        round->OnDropped(event.site);
        SetSite(event.site, v1::SITE_ROUND_STATE_DROPPED, reply.abandon().reason());
        spdlog::warn("study {} round {}: {} left the attempt: {}", id_, round_, event.site, reply.abandon().reason());
        return;
      }
      if (reply.has_refusal()) {
        refused_[event.site] = reply.refusal().reason();
        Status recorded = Commit({AuditEventOf("site_refused", event.site, {{"attempt", attempt_}, {"reason", reply.refusal().reason()}})});
        if (!recorded.ok()) spdlog::error("study {}: {}", id_, recorded.message());
        round->OnDropped(event.site);
        SetSite(event.site, v1::SITE_ROUND_STATE_REFUSED, reply.refusal().reason());
        spdlog::warn("study {} round {}: {} refused: {}", id_, round_, event.site,
                     reply.refusal().reason());
        return;
      }
      Status accepted = round->OnReply(event.site, reply.payload());
      if (!accepted.ok()) {
        round->OnDropped(event.site);
        SetSite(event.site, v1::SITE_ROUND_STATE_DROPPED, "invalid reply: " + accepted.message());
        spdlog::warn("study {} round {}: dropping {}: {}", id_, round_, event.site, accepted.message());
        return;
      }
      SetSite(event.site, v1::SITE_ROUND_STATE_ANSWERED, "");
      if (!reply.receipt().empty()) {
        const auto receipt = io::ParseUntrustedJson(reply.receipt());
        if (receipt.is_object()) {
          receipts.push_back(AuditEventOf("receipt", event.site, {{"attempt", attempt_}, {"receipt", receipt}}));
        }
      }
      if (!options_.transcript_dir.empty()) KeepTranscript(event.site, step, reply.payload());
    };
    auto step_done = [&] { return round->awaited().empty(); };
    const bool pumped = Pump(deadline, step_done, handle);
    if (!receipts.empty()) {
      Status recorded = Commit(receipts);
      if (!recorded.ok()) spdlog::error("study {}: {}", id_, recorded.message());
    }
    if (!pumped) return Status::Aborted("coordinator stopping");
    for (const std::string& site : round->awaited()) {
      SetSite(site, v1::SITE_ROUND_STATE_DROPPED, "no answer within " +
                                                      std::to_string(static_cast<int>(spec_.round_timeout_seconds)) + " s");
      spdlog::warn("study {} round {}: {} timed out", id_, round_, site);
    }
    const AggregationRound::Outcome outcome = round->CloseStep();
    if (step == v1::AGGREGATION_STEP_MASKED_INPUT) {
      // The digests go into the log before any site is asked to unmask, so the head the sites
      // sign into their receipts already covers their masked inputs.
      std::vector<audit::AuditEvent> inputs;
      const nlohmann::json transcript = round->Transcript();
      for (const auto& m : transcript["masked_inputs"]) {
        inputs.push_back(AuditEventOf("masked_input", m["site"], {{"attempt", attempt_}, {"sha256", m["sha256"]}}));
      }
      RADFED_RETURN_IF_ERROR(Commit(inputs));
    }
    switch (outcome) {
      case AggregationRound::Outcome::kNextStep:
        continue;
      case AggregationRound::Outcome::kDone: {
        // With required sites, honest sites never unmask a partial sum; a mismatch here means a
        // site misbehaved, and the sum must not reach the plan.
        const bool complete = task.required_sites.empty() || round->contributors() == task.required_sites;
        const bool enough = complete && round->contributors().size() >= static_cast<size_t>(spec_.min_sites);
        const std::string shortfall =
            !complete ? "the sum does not cover every site this round requires"
                      : "only " + std::to_string(round->contributors().size()) +
                            " sites contributed; the study needs " + std::to_string(spec_.min_sites);
        UpdateStatus([&](v1::StudyStatus& s) {
          auto* r = s.mutable_rounds(s.rounds_size() - 1);
          r->set_step(enough ? "done" : "aborted");
          r->set_waiting_reason(enough ? "" : shortfall);
          r->set_elapsed_seconds(Seconds(Clock::now() - step_started));
        });
        if (!enough) return Status::Aborted(shortfall);
        return Status::Ok();
      }
      case AggregationRound::Outcome::kAborted:
        UpdateStatus([&](v1::StudyStatus& s) {
          auto* r = s.mutable_rounds(s.rounds_size() - 1);
          r->set_step("aborted");
          r->set_waiting_reason(round->abort_reason());
        });
        return Status::Aborted(round->abort_reason());
    }
  }
}

}  // namespace radfed::coordinator
