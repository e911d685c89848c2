#include "coordinator/cli/study_command.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include "common/config/tls_files.h"
#include "common/io/file_reading.h"
#include "common/io/untrusted_json.h"
#include "common/rpc/client_channel.h"
#include "common/rpc/grpc_status.h"
#include "coordinator/cli/command_failure.h"
#include "coordinator/cli/study_progress.h"
#include "radfed/v1/study_service.grpc.pb.h"

namespace radfed::cli {
namespace {

struct Connection {
  std::string coordinator;
  std::string server_name;
  config::TlsFiles tls;
};

void AddConnectionOptions(CLI::App* command, Connection* c) {
  command->add_option("--coordinator", c->coordinator, "coordinator HOST:PORT")->required();
  command->add_option("--ca", c->tls.ca, "consortium CA certificate")->required();
  command->add_option("--cert", c->tls.cert, "your operator certificate")->required();
  command->add_option("--key", c->tls.key, "its private key")->required();
  command->add_option("--server-name", c->server_name,
                      "name in the coordinator's certificate, if it differs from HOST");
}

Result<std::unique_ptr<v1::StudyService::Stub>> Connect(const Connection& c) {
  RADFED_ASSIGN_OR_RETURN(auto channel, rpc::MakeClientChannel(c.coordinator, c.tls, c.server_name));
  return v1::StudyService::NewStub(channel);
}

int Run(const Connection& c, const std::string& spec_path, const std::string& out_path, bool quiet) {
  auto spec = io::ReadFile(spec_path);
  if (!spec.ok()) return Fail("radfed", spec.status());
  auto stub = Connect(c);
  if (!stub.ok()) return Fail("radfed", stub.status());

  v1::SubmitStudyRequest request;
  request.set_spec_yaml(*spec);
  request.set_spec_name(std::filesystem::path(spec_path).filename().string());
  v1::SubmitStudyResponse response;
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    grpc::Status s = (*stub)->SubmitStudy(&context, request, &response);
    if (!s.ok()) return Fail("radfed", rpc::FromGrpcStatus(s, "submitting " + spec_path + " to " + c.coordinator));
  }
  std::cerr << "submitted study " << response.study_id() << "\n";

  grpc::ClientContext context;
  v1::GetStudyRequest watch;
  watch.set_study_id(response.study_id());
  auto reader = (*stub)->WatchStudy(&context, watch);
  v1::StudyStatus status;
  // Print each round once when it ends, each drop or refusal when it happens, and a round that
  // is still waiting every 5 s, so fast studies stay readable and slow ones say who is late.
  std::set<std::string> printed;
  auto last_print = std::chrono::steady_clock::now();
  while (reader->Read(&status)) {
    if (quiet) continue;
    for (const auto& r : status.rounds()) {
      const std::string id = std::to_string(r.round()) + "/" + std::to_string(r.attempt());
      const bool ended = r.step() == "done" || r.step() == "aborted";
      if (ended && printed.insert(id).second) {
        std::cerr << "  " << DescribeRound(r) << "\n";
        for (const auto& site : r.sites()) printed.insert(id + site.site());  // reasons shown above
      }
      for (const auto& site : r.sites()) {
        const bool lost = site.state() == v1::SITE_ROUND_STATE_DROPPED ||
                          site.state() == v1::SITE_ROUND_STATE_REFUSED;
        if (lost && printed.insert(id + site.site()).second) {
          std::cerr << "  round " << r.round() << ": " << site.site()
                    << (site.state() == v1::SITE_ROUND_STATE_REFUSED ? " refused: " : " dropped: ")
                    << site.reason() << "\n";
        }
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (status.rounds_size() > 0 && now - last_print > std::chrono::seconds(5)) {
      const auto& r = status.rounds(status.rounds_size() - 1);
      if (r.step() != "done" && r.step() != "aborted") std::cerr << "  " << DescribeRound(r) << "\n";
      last_print = now;
    } else if (status.rounds_size() == 0 && !status.message().empty() && printed.insert(status.message()).second) {
      std::cerr << "  " << status.message() << "\n";
    }
  }
  grpc::Status ended = reader->Finish();
  if (!ended.ok()) return Fail("radfed", rpc::FromGrpcStatus(ended, "watching study " + response.study_id()));
  if (status.state() != v1::STUDY_STATE_COMPLETED) {
    std::cerr << DescribeStatus(status);
    return Fail("radfed", Status::Aborted("study " + response.study_id() + " " + StateName(status.state()) +
                                ": " + status.message()));
  }
  auto result = io::ParseUntrustedJson(status.result_json());
  if (result.is_discarded()) return Fail("radfed", Status::DataLoss("the coordinator sent an unreadable result"));
  result["study_id"] = response.study_id();
  {
    const std::filesystem::path tmp = out_path + ".tmp";
    std::ofstream out(tmp);
    out << result.dump(2) << "\n";
    out.close();
    if (!out) return Fail("radfed", Status::IoError(out_path + ": cannot write the result"));
    std::error_code ec;
    std::filesystem::rename(tmp, out_path, ec);
    if (ec) return Fail("radfed", Status::IoError(out_path + ": cannot write the result: " + ec.message()));
  }
  if (!quiet) std::cout << FormatResult(result);
  std::cerr << "result written to " << out_path << "\n";
  return 0;
}

int ShowStatus(const Connection& c, const std::string& id, bool as_json, bool with_result) {
  auto stub = Connect(c);
  if (!stub.ok()) return Fail("radfed", stub.status());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::GetStudyRequest request;
  request.set_study_id(id);
  v1::StudyStatus status;
  grpc::Status s = (*stub)->GetStudy(&context, request, &status);
  if (!s.ok()) return Fail("radfed", rpc::FromGrpcStatus(s, "asking " + c.coordinator + " about " + id));
  if (as_json) {
    nlohmann::json rounds = nlohmann::json::array();
    for (const auto& r : status.rounds()) {
      nlohmann::json sites = nlohmann::json::array();
      for (const auto& site : r.sites()) {
        sites.push_back({{"site", site.site()},
                         {"state", v1::SiteRoundState_Name(site.state())},
                         {"reason", site.reason()}});
      }
      rounds.push_back({{"round", r.round()}, {"attempt", r.attempt()}, {"step", r.step()},
                        {"elapsed_seconds", r.elapsed_seconds()}, {"timeout_seconds", r.timeout_seconds()},
                        {"waiting_reason", r.waiting_reason()}, {"sites", sites}});
    }
    nlohmann::json out{{"study_id", status.study_id()}, {"name", status.name()},
                       {"state", StateName(status.state())}, {"message", status.message()}, {"rounds", rounds}};
    if (with_result && !status.result_json().empty()) out["result"] = io::ParseUntrustedJson(status.result_json());
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << DescribeStatus(status);
    if (with_result && !status.result_json().empty()) {
      std::cout << FormatResult(io::ParseUntrustedJson(status.result_json()));
    }
  }
  return 0;
}

int List(const Connection& c) {
  auto stub = Connect(c);
  if (!stub.ok()) return Fail("radfed", stub.status());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::ListStudiesResponse response;
  grpc::Status s = (*stub)->ListStudies(&context, v1::ListStudiesRequest(), &response);
  if (!s.ok()) return Fail("radfed", rpc::FromGrpcStatus(s, "listing studies on " + c.coordinator));
  for (const auto& study : response.studies()) {
    std::cout << study.study_id() << "  " << StateName(study.state()) << "  " << study.type() << "  "
              << study.name() << "  " << study.message() << "\n";
  }
  return 0;
}

}  // namespace

void AddStudyCommand(CLI::App& app) {
  auto* study = app.add_subcommand("study", "Submit and watch federated studies (operator role)");
  study->require_subcommand(1);

  auto conn = std::make_shared<Connection>();
  auto spec = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  auto* run = study->add_subcommand("run", "Submit a study, show its progress, write its result");
  AddConnectionOptions(run, conn.get());
  run->add_option("spec", *spec, "study specification (YAML)")->required()->check(CLI::ExistingFile);
  run->add_option("--out", *out, "where to write the result (JSON)")->required();
  run->add_flag("--quiet", *quiet, "no progress or result table");
  run->callback([=] { std::exit(Run(*conn, *spec, *out, *quiet)); });

  auto id = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto with_result = std::make_shared<bool>(false);
  auto* status = study->add_subcommand("status", "Show a study's rounds and who they wait for");
  AddConnectionOptions(status, conn.get());
  status->add_option("id", *id, "study id")->required();
  status->add_flag("--json", *as_json, "machine-readable output");
  status->add_flag("--result", *with_result, "include the result of a completed study");
  status->callback([=] { std::exit(ShowStatus(*conn, *id, *as_json, *with_result)); });

  auto* list = study->add_subcommand("list", "List the coordinator's studies");
  AddConnectionOptions(list, conn.get());
  list->callback([=] { std::exit(List(*conn)); });
}

}  // namespace radfed::cli
