// `radfed audit verify|show|export`: the auditor's tools (see docs/auditor-guide.md).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common/audit/log_verifier.h"

namespace radfed::cli {

void AddAuditCommand(CLI::App& app);

// What `radfed audit verify` checks a log against.
struct AuditVerifyArgs {
  std::string log, ca, crl;            // crl optional
  std::vector<std::string> receipts;   // directories of site receipts
};

// The checks of `radfed audit verify` (shared with `radfed report`). Errors only for unusable
// inputs (unreadable log, CA, CRL or receipts); faults of the log are in the report.
Result<audit::VerificationReport> VerifyAudit(const AuditVerifyArgs& args);

// The one-line verdict `radfed audit verify` prints, e.g. "audit.log: intact (12 entries, 3
// receipts verified)" or "audit.log: NOT intact: entry 4 (line 4): changed: ...".
std::string DescribeVerification(const std::string& log, const audit::VerificationReport& report);

}  // namespace radfed::cli
