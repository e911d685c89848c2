// VerifyAuditLog: checks an exported audit log against the consortium CA and sites' receipts.
//
// Checks, in order, for every line: it parses; its hash matches its content; its sequence number
// is the next one; it links to the previous entry's hash; its signature verifies with the
// coordinator certificate recorded in the log (which must chain to the CA, have the coordinator
// role, be valid at the entry's time and not be revoked before it, per the CRL if given). Then
// every receipt: its site signature verifies, the log reaches the head the site was shown, with
// the same hash there, and records the site's masked-input digest.
//
// The first fault found is reported with the entry and its kind:
//   changed    an entry's content no longer matches its hash, or it is not the entry its
//              successor follows
//   removed    sequence numbers are missing and do not appear later
//   reordered  a sequence number appears after a later one
//   inserted   a sequence number appears a second time
//   forged     a signature does not verify with a valid coordinator certificate
//   truncated  a receipt shows the log once reached further than it does now
//   receipt    a receipt itself does not verify
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/audit/audit_entry.h"
#include "common/audit/receipt.h"
#include "common/status.h"

namespace radfed::audit {

enum class FaultKind { kChanged, kRemoved, kReordered, kInserted, kForgedSignature, kTruncated, kBadReceipt };
std::string FaultKindName(FaultKind kind);

struct Fault {
  FaultKind kind;
  uint64_t seq = 0;   // the entry concerned
  size_t line = 0;    // 1-based line in the file (0 when the fault is about a receipt)
  std::string message;
};

struct VerificationReport {
  size_t entries = 0;          // entries verified before the first fault (all when intact)
  size_t receipts = 0;         // receipts checked
  std::optional<Fault> fault;  // the first fault, if any
  bool intact() const { return !fault.has_value(); }
};

struct VerifyOptions {
  std::filesystem::path ca;
  std::filesystem::path crl;  // optional
  std::vector<Receipt> receipts;
};

// Errors only for unusable inputs (unreadable CA or CRL); faults of the log are in the report.
Result<VerificationReport> VerifyAuditLines(const std::vector<std::string>& lines, const VerifyOptions& options);
Result<VerificationReport> VerifyAuditLog(const std::filesystem::path& log, const VerifyOptions& options);

// Reads the log file as lines (a final line without a newline is kept).
Result<std::vector<std::string>> ReadLogLines(const std::filesystem::path& log);

}  // namespace radfed::audit
