// StudyRunner: runs one study's rounds to completion on its own thread.
//
// For each task of the study plan it waits for the sites, then moves an AggregationRound through
// its steps: sends each awaited site its request, collects replies, refusals and disconnects, and
// closes the step when every awaited site has answered or the step timed out. A round that
// aborts (e.g. too few sites left) is retried; a site whose guard refuses is left out of the rest
// of the study, with its reason shown to the operator. The runner never sees a site's vector
// unless the round protocol hands it one.
//
// Thread-safety: all public methods may be called from any thread. The hub and the factory must
// outlive the runner.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "common/study/study_spec.h"
#include "coordinator/aggregation_round.h"
#include "coordinator/metrics.h"
#include "coordinator/audit_trail.h"
#include "coordinator/site_hub.h"
#include "coordinator/study_store.h"
#include "radfed/v1/study_service.pb.h"

namespace radfed::coordinator {

class StudyRunner {
 public:
  // Makes the aggregation round for one attempt (`attempt` is unique within the study).
  using RoundFactory = std::function<Result<std::unique_ptr<AggregationRound>>(
      const study::StudySpec& spec, const std::string& study_id, uint32_t attempt,
      const std::set<std::string>& participants, const study::AggregationTask& task)>;

  struct Options {
    std::vector<std::string> roster;
    double site_wait_seconds = 600;  // how long a round waits for its sites to be connected
    int max_attempts = 5;            // attempts per round before the study fails
    Metrics* metrics = nullptr;      // optional; must outlive the runner
    // If set, every accepted reply payload is kept as <dir>/<study>/<attempt>/<site>-<step>.bin.
    std::filesystem::path transcript_dir;
  };

  // Runs the study recorded in `stored` (a new one, or one resumed after a restart: it continues
  // after stored.completed_rounds with the plan restored from stored.plan_state). Progress is
  // persisted after every completed round, atomically with its audit entries (through `audit`'s
  // store). `hub` and `audit` must outlive the runner.
  StudyRunner(StoredStudy stored, study::StudySpec spec, std::unique_ptr<study::StudyPlan> plan,
              SiteHub* hub, AuditTrail* audit, RoundFactory make_round, Options options);
  ~StudyRunner();  // stops the thread

  StudyRunner(const StudyRunner&) = delete;
  StudyRunner& operator=(const StudyRunner&) = delete;

  void Start();

  // Inputs from the sessions.
  void OnReply(const std::string& site, const v1::StepReply& reply);
  void OnConnectionChange();

  v1::StudyStatus status() const;
  // Waits until the status changes past `*version` (or `timeout`), then stores the new version.
  // Returns false on timeout.
  bool WaitForChange(uint64_t* version, std::chrono::milliseconds timeout) const;
  bool finished() const;

 private:
  struct Event {
    std::string site;
    std::optional<v1::StepReply> reply;  // empty: a connection change
  };
  using Clock = std::chrono::steady_clock;

  void Run();
  Status RunStudy();
  // Waits for the sites a round needs; returns the participants or why the study cannot go on.
  Result<std::set<std::string>> WaitForSites(const study::AggregationTask& task);
  // One attempt at a round. OK with the round done, Aborted when it should be retried.
  Status RunAttempt(const study::AggregationTask& task, const std::set<std::string>& participants,
                    AggregationRound* round, int retry);
  // Handles queued events until `deadline` or until `done()` holds. Returns false on stop.
  bool Pump(Clock::time_point deadline, const std::function<bool()>& done,
            const std::function<void(Event&)>& handle);
  std::set<std::string> Eligible() const;  // roster minus refused sites
  void KeepTranscript(const std::string& site, v1::AggregationStep step, const std::string& payload);

  // Records `events` in the audit log and persists the study's progress with `status` (default:
  // the current one), in one transaction. A failure stops the study (it would not survive a
  // crash, or would be unaudited).
  Status Commit(const std::vector<audit::AuditEvent>& events);
  Status Commit(const std::vector<audit::AuditEvent>& events, const v1::StudyStatus& status);
  audit::AuditEvent AuditEventOf(const std::string& kind, const std::string& site, nlohmann::json details) const;
  // Persists the final state, then publishes it, so nobody sees an ending the store lacks.
  void Finish(v1::StudyState state, const std::string& message, const std::string& result_json);
  void SetState(v1::StudyState state, const std::string& message);
  void SetSite(const std::string& site, v1::SiteRoundState state, const std::string& reason);
  void UpdateStatus(const std::function<void(v1::StudyStatus&)>& change);

  const std::string id_;
  const std::string spec_source_;
  const study::StudySpec spec_;
  std::unique_ptr<study::StudyPlan> plan_;
  SiteHub* const hub_;
  AuditTrail* const audit_;
  const RoundFactory make_round_;
  const Options options_;

  // Owned by the runner thread.
  std::map<std::string, std::string> refused_;  // site -> reason
  uint32_t round_ = 0;     // rounds completed, then the round in progress
  uint32_t attempt_ = 0;   // attempt id, unique within the study (never reused after a restart)
  uint32_t plan_finished_rounds_ = 0;  // rounds the plan has accepted

  mutable std::mutex mu_;
  mutable std::condition_variable inbox_cv_;
  mutable std::condition_variable status_cv_;
  std::deque<Event> inbox_;
  bool stop_ = false;
  v1::StudyStatus status_;
  uint64_t version_ = 0;
  Clock::time_point step_started_;
  std::thread thread_;
};

}  // namespace radfed::coordinator
