// AuditTrail: the coordinator's tamper-evident audit log (see common/audit/).
//
// Entries live in the coordinator's SQLite database, committed in the same transaction as the
// state change they record (a round's outcome, a submitted study), so the database never holds a
// study ahead of its audit record or the other way round. The log file named in coordinator.yaml
// is an append-only mirror, written after each commit and re-synchronised from the database at
// start (after a crash between commit and file write). The file is what auditors verify with
// `radfed audit verify`; it is never rewritten.
//
// Thread-safe: Record() serialises appends, so entries of concurrent studies interleave in one chain.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/audit/audit_chain.h"
#include "common/pki/signer.h"
#include "coordinator/study_store.h"

namespace radfed::coordinator {

class AuditTrail {
 public:
  // Opens the trail in `store`'s database, brings `file` up to date, and records the
  // coordinator's start with its certificate. `store` must outlive the trail.
  static Result<std::unique_ptr<AuditTrail>> Open(StudyStore* store, const std::filesystem::path& file,
                                                  pki::Signer signer);

  // Appends `events`; `also` runs in the same database transaction (nothing is recorded if it
  // fails, and it is not applied if recording fails).
  Status Record(const std::vector<audit::AuditEvent>& events, const StudyStore::Also& also = nullptr);

  // The chain's current head: the last entry's sequence number and hash (valid once Open ran).
  audit::ChainHead head() const;
  // Entries with seq >= `from`, as log lines (for export to auditors).
  Result<std::vector<std::string>> Lines(uint64_t from) const;

  // True the first time a certificate fingerprint is seen (enrolment), false afterwards.
  bool FirstSighting(const std::string& fingerprint);

 private:
  AuditTrail(StudyStore* store, std::filesystem::path file, pki::Signer signer)
      : store_(store), file_(std::move(file)), signer_(std::move(signer)) {}
  // Brings the file up to `db_lines`, the entries in the database.
  Status SyncFile(const std::vector<std::string>& db_lines);
  Status AppendToFile(const std::vector<audit::AuditEntry>& entries);

  StudyStore* const store_;
  const std::filesystem::path file_;
  const pki::Signer signer_;
  mutable std::mutex mu_;
  audit::ChainHead head_;
  std::set<std::string> enrolled_;
};

}  // namespace radfed::coordinator
