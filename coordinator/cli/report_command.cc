#include "coordinator/cli/report_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "common/config/yaml_node.h"
#include "common/io/file_reading.h"
#include "common/io/untrusted_json.h"
#include "coordinator/cli/audit_command.h"
#include "coordinator/cli/command_failure.h"
#include "coordinator/report/html_report.h"

namespace radfed::cli {
namespace {

struct ReportArgs {
  std::string result, study, audit_status, out;
  AuditVerifyArgs audit;
};

// The verdict: verified now from the log, or the saved output of `radfed audit verify`.
Result<std::optional<report::AuditStatus>> AuditStatusOf(const ReportArgs& args) {
  if (!args.audit.log.empty()) {
    if (args.audit.ca.empty()) return Status::InvalidArgument("--audit-log needs --ca (the consortium CA certificate)");
    RADFED_ASSIGN_OR_RETURN(audit::VerificationReport verified, VerifyAudit(args.audit));
    return std::optional(report::AuditStatus{verified.intact(), DescribeVerification(args.audit.log, verified)});
  }
  if (!args.audit_status.empty()) {
    RADFED_ASSIGN_OR_RETURN(std::string text, io::ReadFile(args.audit_status));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) return Status::InvalidArgument(args.audit_status + ": empty; expected the output of radfed audit verify");
    // The verdict line says "<log>: intact (...)" only when every check passed.
    const bool intact = text.find(": intact (") != std::string::npos && text.find("NOT intact") == std::string::npos;
    return std::optional(report::AuditStatus{intact, text});
  }
  return std::optional<report::AuditStatus>();
}

int Run(const ReportArgs& args) {
  auto text = io::ReadFile(args.result);
  if (!text.ok()) return Fail("radfed report", text.status());
  report::ReportInput input;
  input.result = io::ParseUntrustedJson(*text);
  if (input.result.is_discarded()) {
    return Fail("radfed report", Status::InvalidArgument(args.result + ": not valid JSON (or nested more than " +
                                                         std::to_string(io::kMaxJsonDepth) + " levels deep)"));
  }
  input.result_source = std::filesystem::path(args.result).filename().string();
  if (!args.study.empty()) {
    auto spec = io::ReadFile(args.study);
    if (!spec.ok()) return Fail("radfed report", spec.status());
    // A report must not show one study's results under another's specification.
    auto spec_root = config::YamlNode::Parse(*spec, args.study);
    if (!spec_root.ok()) return Fail("radfed report", spec_root.status());
    auto spec_name = spec_root->GetString("name");
    if (!spec_name.ok()) return Fail("radfed report", spec_name.status());
    const auto study = input.result.is_object() ? input.result.find("study") : input.result.end();
    const std::string result_name =
        study != input.result.end() && study->is_string() ? study->get<std::string>() : "";
    if (!result_name.empty() && *spec_name != result_name) {
      return Fail("radfed report", Status::InvalidArgument(args.study + ": the specification of study '" + *spec_name +
                                                           "', but " + args.result + " is the result of study '" +
                                                           result_name + "'"));
    }
    input.spec_yaml = *spec;
    input.spec_source = std::filesystem::path(args.study).filename().string();
  }
  auto audit = AuditStatusOf(args);
  if (!audit.ok()) return Fail("radfed report", audit.status());
  input.audit = *audit;
  auto html = report::RenderHtmlReport(input);
  if (!html.ok()) return Fail("radfed report", html.status().WithContext(args.result));

  const std::filesystem::path tmp = args.out + ".tmp";
  std::ofstream out(tmp, std::ios::binary);
  out << *html;
  out.close();
  std::error_code ec;
  if (out) std::filesystem::rename(tmp, args.out, ec);
  if (!out || ec) {
    std::filesystem::remove(tmp, ec);
    return Fail("radfed report", Status::IoError(args.out + ": cannot write the report"));
  }
  std::cout << "report written to " << args.out << "\n";
  if (input.audit && !input.audit->intact) {
    std::cerr << "radfed report: the audit log did NOT verify: " << input.audit->verdict << "\n";
    return 3;
  }
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  auto* report = app.add_subcommand("report", "Render a study result as a self-contained HTML report");
  report->add_option("--result", args->result, "the result of radfed study run --out (JSON)")->required();
  report->add_option("--study", args->study, "the study specification that was submitted (YAML)");
  auto* status = report->add_option("--audit-status", args->audit_status,
                                    "a file with the output of radfed audit verify");
  auto* log = report->add_option("--audit-log", args->audit.log, "verify this audit log now (with --ca)");
  report->add_option("--ca", args->audit.ca, "consortium CA certificate, for --audit-log");
  report->add_option("--crl", args->audit.crl, "CRL, for --audit-log");
  report->add_option("--receipts", args->audit.receipts, "directories of site receipts, for --audit-log (repeatable)");
  status->excludes(log);
  report->add_option("--out", args->out, "where to write the page (HTML)")->required();
  report->callback([args] { std::exit(Run(*args)); });
}

}  // namespace radfed::cli
