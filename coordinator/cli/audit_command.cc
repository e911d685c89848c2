#include "coordinator/cli/audit_command.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "common/config/tls_files.h"
#include "common/rpc/client_channel.h"
#include "common/rpc/grpc_status.h"
#include "coordinator/cli/command_failure.h"
#include "radfed/v1/audit_service.grpc.pb.h"

namespace radfed::cli {
namespace {

struct Source {
  std::string log;  // a log file, or
  std::string coordinator, server_name;
  config::TlsFiles tls;  // auditor credentials for the coordinator
};

Result<std::vector<std::string>> FetchLines(const Source& source) {
  if (!source.log.empty()) return audit::ReadLogLines(source.log);
  if (source.coordinator.empty()) return Status::InvalidArgument("give --log FILE, or --coordinator with auditor credentials");
  RADFED_ASSIGN_OR_RETURN(auto channel, rpc::MakeClientChannel(source.coordinator, source.tls, source.server_name));
  auto stub = v1::AuditService::NewStub(channel);
  grpc::ClientContext context;
  v1::ExportLogRequest request;
  auto reader = stub->ExportLog(&context, request);
  std::vector<std::string> lines;
  v1::AuditRecord record;
  while (reader->Read(&record)) lines.push_back(record.line());
  grpc::Status s = reader->Finish();
  if (!s.ok()) return rpc::FromGrpcStatus(s, "reading the audit log from " + source.coordinator);
  return lines;
}

void AddSourceOptions(CLI::App* command, Source* s) {
  auto* log = command->add_option("--log", s->log, "an exported audit log file");
  command->add_option("--coordinator", s->coordinator, "read the log from this coordinator (HOST:PORT)")
      ->excludes(log);
  command->add_option("--ca", s->tls.ca, "consortium CA certificate");
  command->add_option("--cert", s->tls.cert, "your auditor certificate");
  command->add_option("--key", s->tls.key, "its private key");
  command->add_option("--server-name", s->server_name, "name in the coordinator's certificate, if not HOST");
}

std::string Summary(const nlohmann::json& details) {
  nlohmann::json shown = details;
  if (shown.contains("certificate")) shown["certificate"] = "(PEM)";
  if (shown.contains("receipt")) shown["receipt"] = "(signed receipt)";
  std::string text = shown.dump();
  if (text.size() > 110) text = text.substr(0, 107) + "...";
  return text;
}

}  // namespace

Result<audit::VerificationReport> VerifyAudit(const AuditVerifyArgs& args) {
  audit::VerifyOptions options;
  options.ca = args.ca;
  options.crl = args.crl;
  for (const std::string& dir : args.receipts) {
    RADFED_ASSIGN_OR_RETURN(auto loaded, audit::LoadReceipts(dir));
    options.receipts.insert(options.receipts.end(), loaded.begin(), loaded.end());
  }
  return audit::VerifyAuditLog(args.log, options);
}

std::string DescribeVerification(const std::string& log, const audit::VerificationReport& report) {
  if (report.intact()) {
    return log + ": intact (" + std::to_string(report.entries) + " entries, " + std::to_string(report.receipts) +
           " receipts verified)";
  }
  const audit::Fault& f = *report.fault;
  return log + ": NOT intact: entry " + std::to_string(f.seq) +
         (f.line ? " (line " + std::to_string(f.line) + ")" : "") + ": " + audit::FaultKindName(f.kind) + ": " +
         f.message;
}

void AddAuditCommand(CLI::App& app) {
  auto* audit = app.add_subcommand("audit", "Verify and read the coordinator's audit log (auditor role)");
  audit->require_subcommand(1);

  // verify
  auto v = std::make_shared<AuditVerifyArgs>();
  auto* verify = audit->add_subcommand("verify", "Check the hash chain, every signature and the sites' receipts");
  verify->add_option("--log", v->log, "the audit log file")->required();
  verify->add_option("--ca", v->ca, "consortium CA certificate")->required();
  verify->add_option("--crl", v->crl, "CRL to judge the coordinator certificate by, as of each entry");
  verify->add_option("--receipts", v->receipts, "directories of site receipts (repeatable)");
  verify->callback([v] {
    auto report = VerifyAudit(*v);
    if (!report.ok()) std::exit(Fail("radfed audit", report.status()));
    std::cout << DescribeVerification(v->log, *report) << "\n";
    std::exit(report->intact() ? 0 : 3);
  });

  // show
  struct ShowArgs {
    Source source;
    bool json = false;
    std::string study, site;
    int64_t round = -1;
  };
  auto s = std::make_shared<ShowArgs>();
  auto* show = audit->add_subcommand("show", "Print the log as a table or as JSON lines");
  AddSourceOptions(show, &s->source);
  show->add_flag("--json", s->json, "JSON lines instead of a table");
  show->add_option("--study", s->study, "only this study");
  show->add_option("--round", s->round, "only this round");
  show->add_option("--site", s->site, "only entries about this site");
  show->callback([s] {
    auto lines = FetchLines(s->source);
    if (!lines.ok()) std::exit(Fail("radfed audit", lines.status()));
    if (!s->json) {
      std::printf("%6s  %-24s  %-20s  %-16s  %5s  %-8s  %s\n", "seq", "time", "kind", "study", "round", "site", "details");
    }
    const std::string origin = s->source.log.empty() ? "the log from " + s->source.coordinator : s->source.log;
    for (size_t i = 0; i < lines->size(); ++i) {
      const std::string& line = (*lines)[i];
      auto e = audit::AuditEntry::FromLine(line);
      if (!e.ok()) {
        std::exit(Fail("radfed audit", e.status().WithContext(origin + ": entry " + std::to_string(i + 1) +
                                                              " is unreadable (run `radfed audit verify`)")));
      }
      if (!s->study.empty() && e->study != s->study) continue;
      if (s->round >= 0 && e->round != static_cast<uint64_t>(s->round)) continue;
      if (!s->site.empty() && e->site != s->site) continue;
      if (s->json) {
        std::cout << line << "\n";
      } else {
        std::printf("%6llu  %-24s  %-20s  %-16s  %5llu  %-8s  %s\n", static_cast<unsigned long long>(e->seq),
                    e->time.c_str(), e->kind.c_str(), e->study.c_str(), static_cast<unsigned long long>(e->round),
                    e->site.c_str(), Summary(e->details).c_str());
      }
    }
    std::exit(0);
  });

  // export
  auto x = std::make_shared<std::pair<Source, std::string>>();
  auto* exported = audit->add_subcommand("export", "Save the coordinator's log to a file (auditor certificate)");
  AddSourceOptions(exported, &x->first);
  exported->add_option("--out", x->second, "file to write")->required();
  exported->callback([x] {
    auto lines = FetchLines(x->first);
    if (!lines.ok()) std::exit(Fail("radfed audit", lines.status()));
    std::ofstream out(x->second);
    for (const std::string& line : *lines) out << line << "\n";
    out.close();
    if (!out) std::exit(Fail("radfed audit", Status::IoError(x->second + ": cannot write")));
    std::cout << "wrote " << lines->size() << " entries to " << x->second << "\n";
    std::exit(0);
  });
}

}  // namespace radfed::cli
