// StudyRunner transitions with a fake hub: completion, refusal, dropout by disconnect, timeout,
// stale and malformed replies, retry of an aborted round, and resumption from the store.
#include "coordinator/study_runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "common/audit/log_verifier.h"
#include "common/pki/certificate_authority.h"
#include "common/secagg/client.h"
#include "common/secagg/round_config_json.h"
#include "common/secagg/testing/test_pki.h"
#include "common/study/statistics_study.h"
#include "coordinator/secure_aggregation_round.h"
#include "coordinator/study_manager.h"

namespace radfed::coordinator {
namespace {

using nlohmann::json;

// Sites simulated in-process: each runs a real secure-aggregation client on its own column `x`
// unless told to refuse, stay silent, disconnect, or send garbage.
class FakeHub : public SiteHub {
 public:
  enum class Behaviour {
    kAnswer, kRefuse, kSilent, kDisconnectOnRequest, kReconnectOnRequest, kGarbage,
    kNestedReceipt,  // answers, with a receipt of 100,000 nested arrays
  };

  explicit FakeHub(secagg::testing::TestPki* pki) : pki_(pki) {}

  std::set<std::string> Connected() const override {
    std::lock_guard lock(mu_);
    std::set<std::string> sites;
    for (const auto& [site, serial] : connected_) sites.insert(site);
    return sites;
  }
  uint64_t SessionSerial(const std::string& site) const override {
    std::lock_guard lock(mu_);
    auto it = connected_.find(site);
    return it == connected_.end() ? 0 : it->second;
  }
  uint64_t Send(const std::string& site, const v1::CoordinatorMessage& message) override {
    std::unique_lock lock(mu_);
    auto session = connected_.find(site);
    if (session == connected_.end()) return 0;
    const uint64_t serial = session->second;
    ++requests_[site];
    const v1::StepRequest& req = message.step_request();
    v1::StepReply reply;
    reply.set_study_id(req.study_id());
    reply.set_round(req.round());
    reply.set_attempt(req.attempt());
    reply.set_step(req.step());
    const Behaviour behaviour = behaviour_.count(site) ? behaviour_[site] : Behaviour::kAnswer;
    switch (behaviour) {
      case Behaviour::kSilent:
        return serial;
      case Behaviour::kRefuse:
        reply.mutable_refusal()->set_reason("only 3 usable rows");
        break;
      case Behaviour::kGarbage:
        reply.set_payload("not a protocol message");
        break;
      case Behaviour::kReconnectOnRequest:  // a network blip: a new session before anyone noticed
        connected_[site] = next_serial_++;
        behaviour_[site] = Behaviour::kAnswer;
        lock.unlock();
        Changed();
        return serial;
      case Behaviour::kDisconnectOnRequest:
        connected_.erase(site);
        behaviour_[site] = Behaviour::kAnswer;
        lock.unlock();
        Changed();
        return serial;
      case Behaviour::kAnswer:
      case Behaviour::kNestedReceipt: {
        auto payload = Answer(site, req);
        EXPECT_TRUE(payload.ok()) << payload.status().ToString();
        if (!payload.ok()) return serial;
        reply.set_payload(*payload);
        if (behaviour == Behaviour::kNestedReceipt) reply.set_receipt(std::string(100000, '[') + std::string(100000, ']'));
        break;
      }
    }
    lock.unlock();
    if (manager_) manager_->OnReply(site, reply);
    else runner_->OnReply(site, reply);
    return serial;
  }

  void Changed() {
    if (manager_) manager_->OnConnectionChange();
    else if (runner_) runner_->OnConnectionChange();
  }

  void Connect(const std::string& site) {
    {
      std::lock_guard lock(mu_);
      connected_[site] = next_serial_++;
    }
    Changed();
  }
  void Set(const std::string& site, Behaviour b) {
    std::lock_guard lock(mu_);
    behaviour_[site] = b;
  }
  int Requests(const std::string& site) {
    std::lock_guard lock(mu_);
    return requests_[site];
  }

  // Replies and connection changes go to the manager if set, else to the runner.
  StudyRunner* runner_ = nullptr;
  StudyManager* manager_ = nullptr;
  std::map<std::string, const study::ColumnSource*> data_;

 private:
  using Bytes = crypto::Bytes;
  static std::string Str(const Bytes& b) { return std::string(b.begin(), b.end()); }
  static Bytes Raw(const std::string& s) { return Bytes(s.begin(), s.end()); }

  Result<std::string> Answer(const std::string& site, const v1::StepRequest& req) {
    switch (req.step()) {
      case v1::AGGREGATION_STEP_ADVERTISE_KEYS: {
        auto task = nlohmann::json::parse(req.task_json());
        RADFED_ASSIGN_OR_RETURN(std::vector<double> v, study::StatisticsContribution(task, *data_.at(site), 1));
        RADFED_ASSIGN_OR_RETURN(secagg::RoundConfig config, secagg::RoundConfigFromJson(nlohmann::json::parse(req.payload())));
        RADFED_ASSIGN_OR_RETURN(secagg::RoundParameters params, secagg::RoundParameters::Create(config));
        RADFED_ASSIGN_OR_RETURN(secagg::SecAggClient client,
                                secagg::SecAggClient::Create(params, site, pki_->SignerFor(site), pki_));
        RADFED_RETURN_IF_ERROR(client.SetInput(v));
        RADFED_ASSIGN_OR_RETURN(auto m, client.AdvertiseKeys());
        clients_.erase(site);
        clients_.emplace(site, std::move(client));
        return Str(secagg::Serialize(m));
      }
      case v1::AGGREGATION_STEP_SHARE_KEYS: {
        RADFED_ASSIGN_OR_RETURN(auto in, secagg::ParseKeyDirectory(Raw(req.payload())));
        RADFED_ASSIGN_OR_RETURN(auto m, clients_.at(site).HandleKeyDirectory(in));
        return Str(secagg::Serialize(m));
      }
      case v1::AGGREGATION_STEP_MASKED_INPUT: {
        RADFED_ASSIGN_OR_RETURN(auto in, secagg::ParseShareRelay(Raw(req.payload())));
        RADFED_ASSIGN_OR_RETURN(auto m, clients_.at(site).HandleShareRelay(in));
        return Str(secagg::Serialize(m));
      }
      case v1::AGGREGATION_STEP_UNMASK: {
        RADFED_ASSIGN_OR_RETURN(auto in, secagg::ParseUnmaskingRequest(Raw(req.payload())));
        RADFED_ASSIGN_OR_RETURN(auto m, clients_.at(site).HandleUnmaskingRequest(in));
        return Str(secagg::Serialize(m));
      }
      default:
        return Status::InvalidArgument("unknown step");
    }
  }

  secagg::testing::TestPki* pki_;
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> connected_;  // site -> session serial
  uint64_t next_serial_ = 1;
  std::map<std::string, Behaviour> behaviour_;
  std::map<std::string, int> requests_;
  std::map<std::string, secagg::SecAggClient> clients_;
};

class Column : public study::ColumnSource {
 public:
  explicit Column(std::vector<double> x) : x_(std::move(x)) {}
  size_t row_count() const override { return x_.size(); }
  Result<std::vector<double>> Numeric(const std::string&) const override { return x_; }

 private:
  std::vector<double> x_;
};

class StudyRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("radfed-runner-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    store_ = std::move(*StudyStore::Open(path_));
    hub_.data_ = {{"a", &a_}, {"b", &b_}, {"c", &c_}};
    // The audit trail, signed with a coordinator certificate of a scratch CA.
    pki_dir_ = path_.string() + "-pki";
    std::filesystem::remove_all(pki_dir_);
    ASSERT_TRUE(pki::CertificateAuthority::Init(pki_dir_).ok());
    ASSERT_TRUE(pki::CertificateAuthority::Open(pki_dir_)->Issue({"coordinator", pki::Role::kCoordinator, 30, {"localhost"}, {}, {}}).ok());
    auto trail = AuditTrail::Open(store_.get(), pki_dir_ / "audit.log",
                                  *pki::Signer::Load(pki_dir_ / "coordinator.key", pki_dir_ / "coordinator.crt"));
    ASSERT_TRUE(trail.ok()) << trail.status().ToString();
    audit_ = std::move(*trail);
  }

  // The audit log verifies against the CA and holds entries of these kinds.
  void ExpectAudited(const std::vector<std::string>& kinds) {
    audit::VerifyOptions options;
    options.ca = pki_dir_ / "ca.crt";
    auto report = audit::VerifyAuditLog(pki_dir_ / "audit.log", options);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->intact()) << report->fault->message;
    const std::string log = [&] {
      std::ifstream in(pki_dir_ / "audit.log");
      return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    for (const std::string& kind : kinds) EXPECT_NE(log.find("\"kind\":\"" + kind + "\""), std::string::npos) << kind << " in\n" << log;
  }
  void TearDown() override {
    runner_.reset();
    audit_.reset();
    store_.reset();
    std::filesystem::remove_all(pki_dir_);
    std::filesystem::remove(path_);
    std::filesystem::remove(path_.string() + "-wal");
    std::filesystem::remove(path_.string() + "-shm");
  }

  // Creates (and stores) a statistics study over column x needing `min_sites` sites.
  void Make(int min_sites, double timeout = 5, double site_wait = 5) {
    auto parsed = study::ParseStudySpec("name: t\ntype: statistics\ncolumns: [x]\nmin_sites: " +
                                            std::to_string(min_sites) +
                                            "\nround_timeout_seconds: " + std::to_string(timeout) +
                                            "\nsecure_aggregation: {threshold: 2, allow_two_sites: true}\n",
                                        "t.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    spec_ = *parsed;
    StoredStudy stored;
    stored.id = "st-test";
    stored.spec_yaml = spec_.yaml;
    stored.spec_source = "t.yaml";
    stored.status.set_study_id("st-test");
    stored.status.set_state(v1::STUDY_STATE_QUEUED);
    auto plan = study::MakePlan(spec_, {"a", "b", "c"});
    stored.plan_state = plan->SaveState();
    ASSERT_TRUE(store_->Insert(stored).ok());
    Start(std::move(stored), std::move(plan), site_wait);
  }

  StudyRunner::Options RunnerOptions(double site_wait) const {
    StudyRunner::Options options;
    options.roster = {"a", "b", "c"};
    options.site_wait_seconds = site_wait;
    options.max_attempts = 3;
    return options;
  }

  StudyRunner::RoundFactory SecureRounds() {
    return [this](const study::StudySpec& spec, const std::string& study_id, uint32_t attempt,
                  const std::set<std::string>& participants, const study::AggregationTask& task)
               -> Result<std::unique_ptr<AggregationRound>> {
      const SecureAggregationOptions secagg{spec.secagg_threshold, spec.allow_two_sites};
      RADFED_ASSIGN_OR_RETURN(auto round, SecureAggregationRound::Create(study_id, attempt, participants,
                                                                         task, secagg, pki_.get()));
      return std::unique_ptr<AggregationRound>(std::move(round));
    };
  }

  void Start(StoredStudy stored, std::unique_ptr<study::StudyPlan> plan, double site_wait) {
    runner_ = std::make_unique<StudyRunner>(std::move(stored), spec_, std::move(plan), &hub_, audit_.get(),
                                            SecureRounds(), RunnerOptions(site_wait));
    hub_.runner_ = runner_.get();
    runner_->Start();
  }

  v1::StudyStatus WaitFinished() {
    uint64_t version = 0;
    for (int i = 0; i < 200 && !runner_->finished(); ++i) {
      runner_->WaitForChange(&version, std::chrono::milliseconds(100));
    }
    return runner_->status();
  }

  Column a_{{1, 2, 3}}, b_{{4, 5}}, c_{{6}};
  std::unique_ptr<secagg::testing::TestPki> pki_ = std::move(*secagg::testing::TestPki::Create({"a", "b", "c"}));
  FakeHub hub_{pki_.get()};
  std::filesystem::path path_;
  std::unique_ptr<StudyStore> store_;
  std::filesystem::path pki_dir_;
  std::unique_ptr<AuditTrail> audit_;
  study::StudySpec spec_;
  std::unique_ptr<StudyRunner> runner_;
};

TEST_F(StudyRunnerTest, CompletesWhenAllSitesAnswerAndPersistsTheResult) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  Make(3);
  v1::StudyStatus status = WaitFinished();
  ASSERT_EQ(status.state(), v1::STUDY_STATE_COMPLETED) << status.message();
  json result = json::parse(status.result_json());
  EXPECT_DOUBLE_EQ(result["columns"]["x"]["mean"].get<double>(), 3.5);
  auto stored = store_->LoadAll();
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)[0].status.state(), v1::STUDY_STATE_COMPLETED);
  EXPECT_EQ((*stored)[0].completed_rounds, 1u);
  ExpectAudited({"log_opened", "round_started", "masked_input", "round_completed", "study_completed"});
}

TEST_F(StudyRunnerTest, WaitsForSitesToConnectBeforeTheFirstRound) {
  hub_.Connect("a");
  Make(3);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(hub_.Requests("a"), 0);
  EXPECT_NE(runner_->status().message().find("waiting for b, c to connect"), std::string::npos)
      << runner_->status().message();
  hub_.Connect("b");
  hub_.Connect("c");
  EXPECT_EQ(WaitFinished().state(), v1::STUDY_STATE_COMPLETED);
}

TEST_F(StudyRunnerTest, RefusingSiteIsLeftOutWithItsReason) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  hub_.Set("c", FakeHub::Behaviour::kRefuse);
  Make(2);
  v1::StudyStatus status = WaitFinished();
  ASSERT_EQ(status.state(), v1::STUDY_STATE_COMPLETED) << status.message();
  EXPECT_EQ(json::parse(status.result_json())["sites"], json({"a", "b"}));
  EXPECT_EQ(status.rounds(0).sites(2).state(), v1::SITE_ROUND_STATE_REFUSED);
  EXPECT_EQ(status.rounds(0).sites(2).reason(), "only 3 usable rows");
  ExpectAudited({"site_refused"});
  EXPECT_EQ(hub_.Requests("c"), 1);  // never asked again after refusing
}

TEST_F(StudyRunnerTest, RefusalBelowMinSitesFailsTheStudyNamingTheSite) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  hub_.Set("c", FakeHub::Behaviour::kRefuse);
  Make(3);
  v1::StudyStatus status = WaitFinished();
  ASSERT_EQ(status.state(), v1::STUDY_STATE_FAILED);
  EXPECT_NE(status.message().find("c refused: only 3 usable rows"), std::string::npos) << status.message();
}

TEST_F(StudyRunnerTest, SilentSiteTimesOutAndTheSumCoversTheOthers) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  hub_.Set("c", FakeHub::Behaviour::kSilent);
  Make(2, /*timeout=*/0.3);
  v1::StudyStatus status = WaitFinished();
  ASSERT_EQ(status.state(), v1::STUDY_STATE_COMPLETED) << status.message();
  EXPECT_EQ(status.rounds(0).sites(2).state(), v1::SITE_ROUND_STATE_DROPPED);
  EXPECT_NE(status.rounds(0).sites(2).reason().find("no answer within"), std::string::npos);
  // The sum covers the sites that answered.
  EXPECT_EQ(json::parse(status.result_json())["sites"], json({"a", "b"}));
}

TEST_F(StudyRunnerTest, DisconnectDuringAStepDropsTheSiteAndTheRoundIsRetriedWhenItReturns) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  hub_.Set("b", FakeHub::Behaviour::kDisconnectOnRequest);
  Make(3, /*timeout=*/5, /*site_wait=*/5);
  ASSERT_TRUE([&] {
    for (int i = 0; i < 100; ++i) {
      if (!hub_.Connected().count("b")) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }());
  hub_.Connect("b");
  v1::StudyStatus status = WaitFinished();
  ASSERT_EQ(status.state(), v1::STUDY_STATE_COMPLETED) << status.message();
  EXPECT_EQ(status.rounds(0).sites(1).state(), v1::SITE_ROUND_STATE_DROPPED);
  EXPECT_EQ(status.rounds(0).sites(1).reason(), "disconnected");
  EXPECT_GT(status.rounds(1).attempt(), status.rounds(0).attempt());
  ExpectAudited({"round_aborted", "round_completed"});
  EXPECT_DOUBLE_EQ(json::parse(status.result_json())["columns"]["x"]["mean"].get<double>(), 3.5);
}

TEST_F(StudyRunnerTest, ASiteBackOnANewSessionBeforeTheRunnerNoticedIsDroppedNotAwaited) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  hub_.Set("b", FakeHub::Behaviour::kReconnectOnRequest);
  // The request went to b's old session, so no answer can come: waiting would take the timeout.
  Make(3, /*timeout=*/30, /*site_wait=*/5);
  v1::StudyStatus status = WaitFinished();
  ASSERT_EQ(status.state(), v1::STUDY_STATE_COMPLETED) << status.message();
  EXPECT_EQ(status.rounds(0).sites(1).state(), v1::SITE_ROUND_STATE_DROPPED);
  EXPECT_EQ(status.rounds(0).sites(1).reason(), "disconnected");
  EXPECT_LT(status.rounds(0).elapsed_seconds(), 10);
  EXPECT_DOUBLE_EQ(json::parse(status.result_json())["columns"]["x"]["mean"].get<double>(), 3.5);
}

TEST_F(StudyRunnerTest, MalformedReplyDropsTheSite) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  hub_.Set("a", FakeHub::Behaviour::kGarbage);
  Make(2);
  v1::StudyStatus status = WaitFinished();
  ASSERT_EQ(status.state(), v1::STUDY_STATE_COMPLETED);
  EXPECT_EQ(status.rounds(0).sites(0).state(), v1::SITE_ROUND_STATE_DROPPED);
  EXPECT_NE(status.rounds(0).sites(0).reason().find("invalid reply"), std::string::npos);
}

// Copying or recording a receipt nested 100,000 deep overflowed the coordinator's stack.
TEST_F(StudyRunnerTest, ReceiptNestedTooDeepIsIgnoredNotACrash) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  hub_.Set("a", FakeHub::Behaviour::kNestedReceipt);
  Make(3);
  v1::StudyStatus status = WaitFinished();
  EXPECT_EQ(status.state(), v1::STUDY_STATE_COMPLETED) << status.message();
}

TEST_F(StudyRunnerTest, StaleReplyFromAnotherRoundIsIgnored) {
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  hub_.Set("c", FakeHub::Behaviour::kSilent);
  Make(3, /*timeout=*/0.5, /*site_wait=*/0.5);
  v1::StepReply stale;
  stale.set_study_id("st-test");
  stale.set_round(7);
  stale.set_attempt(1);
  stale.set_step(v1::AGGREGATION_STEP_ADVERTISE_KEYS);
  stale.set_payload("stale");
  runner_->OnReply("c", stale);
  v1::StudyStatus status = WaitFinished();
  // c never really answered: every attempt lacks it, and 3 sites are required.
  EXPECT_EQ(status.state(), v1::STUDY_STATE_FAILED);
  EXPECT_NE(status.message().find("failed 3 times"), std::string::npos) << status.message();
}

TEST_F(StudyRunnerTest, ResumesFromTheLastCompletedRound) {
  spec_ = *study::ParseStudySpec("name: t\ntype: statistics\ncolumns: [x]\nmin_sites: 3\nallow_min_max: true\n",
                                 "t.yaml");
  // A plan that completed round 1 (sums) elsewhere, before a crash; 8 bisection rounds remain.
  auto plan = study::MakePlan(spec_, {"a", "b", "c"});
  auto task = (*plan->Next()).value();
  std::vector<double> sum(task.length, 0.0);
  for (const auto* data : {&a_, &b_, &c_}) {
    auto v = study::StatisticsContribution(task.task, *data, 1);
    for (size_t i = 0; i < sum.size(); ++i) sum[i] += (*v)[i];
  }
  ASSERT_TRUE(plan->Accept(sum, {"a", "b", "c"}).ok());
  StoredStudy stored;
  stored.id = "st-test";
  stored.spec_yaml = spec_.yaml;
  stored.status.set_study_id("st-test");
  stored.status.set_state(v1::STUDY_STATE_RUNNING);
  stored.plan_state = plan->SaveState();
  stored.completed_rounds = 1;
  stored.attempts_started = 4;
  ASSERT_TRUE(store_->Insert(stored).ok());
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  Start(stored, std::move(*study::RestorePlan(spec_, {"a", "b", "c"}, stored.plan_state)), 5);
  v1::StudyStatus status = WaitFinished();
  ASSERT_EQ(status.state(), v1::STUDY_STATE_COMPLETED) << status.message();
  EXPECT_EQ(hub_.Requests("a"), 8 * 4);  // only the 8 remaining rounds ran, four steps each
  EXPECT_EQ(status.rounds(0).round(), 2u);
  EXPECT_EQ(status.rounds(0).attempt(), 5u);
  const json result = json::parse(status.result_json());
  EXPECT_DOUBLE_EQ(result["columns"]["x"]["sd"].get<double>(), std::sqrt(17.5 / 5));
  EXPECT_EQ(result["columns"]["x"]["min"], 1);
  EXPECT_EQ(result["columns"]["x"]["max"], 6);
}

// A stored study that no longer parses (here: a spec with l2 = NaN, accepted by older versions)
// must not keep the coordinator from starting: it is recorded as failed, and the others resume.
TEST_F(StudyRunnerTest, UnreadableStoredStudyFailsAloneAndTheOthersResume) {
  StoredStudy broken;
  broken.id = "st-broken";
  broken.spec_yaml = "name: b\ntype: model\nmodel: logistic\nfeatures: [x]\noutcome: {label: y}\npenalty: {l2: .nan}\n";
  broken.spec_source = "b.yaml";
  broken.status.set_study_id("st-broken");
  broken.status.set_state(v1::STUDY_STATE_RUNNING);
  ASSERT_TRUE(store_->Insert(broken).ok());
  spec_ = *study::ParseStudySpec("name: good\ntype: statistics\ncolumns: [x]\nmin_sites: 3\n", "good.yaml");
  StoredStudy good;
  good.id = "st-good";
  good.spec_yaml = spec_.yaml;
  good.spec_source = "good.yaml";
  good.status.set_study_id("st-good");
  good.status.set_state(v1::STUDY_STATE_QUEUED);
  good.plan_state = study::MakePlan(spec_, {"a", "b", "c"})->SaveState();
  ASSERT_TRUE(store_->Insert(good).ok());

  auto manager = StudyManager::Open(&hub_, store_.get(), audit_.get(), SecureRounds(), RunnerOptions(5));
  ASSERT_TRUE(manager.ok()) << manager.status().ToString();
  hub_.manager_ = manager->get();  // sites connect only now, so every reply finds the manager
  for (const char* s : {"a", "b", "c"}) hub_.Connect(s);
  auto status = (*manager)->Status("st-broken");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->state(), v1::STUDY_STATE_FAILED);
  EXPECT_NE(status->message().find("stored study cannot be read: b.yaml: key 'penalty.l2'"), std::string::npos)
      << status->message();
  EXPECT_EQ((*manager)->Find("st-broken"), nullptr);
  EXPECT_EQ((*manager)->List().size(), 2u);

  StudyRunner* runner = (*manager)->Find("st-good");
  ASSERT_NE(runner, nullptr);
  uint64_t version = 0;
  for (int i = 0; i < 200 && !runner->finished(); ++i) runner->WaitForChange(&version, std::chrono::milliseconds(100));
  EXPECT_EQ(runner->status().state(), v1::STUDY_STATE_COMPLETED) << runner->status().message();
  hub_.manager_ = nullptr;
  manager->reset();
  ExpectAudited({"study_failed", "study_completed"});

  // Its failure is stored: opening again neither fails nor records it a second time.
  auto reopened = StudyManager::Open(&hub_, store_.get(), audit_.get(), SecureRounds(), RunnerOptions(5));
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->Status("st-broken")->state(), v1::STUDY_STATE_FAILED);
  std::ifstream in(pki_dir_ / "audit.log");
  const std::string log((std::istreambuf_iterator<char>(in)), {});
  size_t failures = 0;
  for (size_t at = log.find("\"study_failed\""); at != std::string::npos; at = log.find("\"study_failed\"", at + 1)) ++failures;
  EXPECT_EQ(failures, 1u);
}

TEST_F(StudyRunnerTest, SecondStudyOfTheSameNameIsRefused) {
  auto manager = StudyManager::Open(&hub_, store_.get(), audit_.get(), SecureRounds(), RunnerOptions(0.2));
  ASSERT_TRUE(manager.ok());
  hub_.manager_ = manager->get();
  const std::string spec = "name: baseline\ntype: statistics\ncolumns: [x]\nmin_sites: 3\n";
  auto first = (*manager)->Submit(spec, "one.yaml", "op");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = (*manager)->Submit(spec, "two.yaml", "op");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(second.status().message(),
            "two.yaml: a study named 'baseline' exists already (" + *first + "); choose another name");
}

}  // namespace
}  // namespace radfed::coordinator
