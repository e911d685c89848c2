#include "coordinator/audit_trail.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "common/audit/audit_entry.h"
#include "common/io/file_reading.h"
#include "coordinator/sqlite_statement.h"

namespace radfed::coordinator {
namespace {

constexpr char kAuditSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, line TEXT NOT NULL);
)sql";

Status SqlError(sqlite3* db, const std::string& what) {
  return Status::IoError("audit log database: " + what + ": " + sqlite3_errmsg(db));
}

Result<std::vector<std::string>> ReadLines(sqlite3* db, uint64_t from) {
  SqliteStatement s;
  if (sqlite3_prepare_v2(db, "SELECT line FROM audit WHERE seq >= ?1 ORDER BY seq;", -1, &s.stmt, nullptr) != SQLITE_OK) {
    return SqlError(db, "read");
  }
  sqlite3_bind_int64(s.stmt, 1, static_cast<sqlite3_int64>(from));
  std::vector<std::string> lines;
  int rc;
  while ((rc = sqlite3_step(s.stmt)) == SQLITE_ROW) {
    lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.stmt, 0)));
  }
  if (rc != SQLITE_DONE) return SqlError(db, "read");
  return lines;
}

}  // namespace

Result<std::unique_ptr<AuditTrail>> AuditTrail::Open(StudyStore* store, const std::filesystem::path& file,
                                                     pki::Signer signer) {
  std::unique_ptr<AuditTrail> trail(new AuditTrail(store, file, std::move(signer)));
  std::vector<std::string> lines;
  RADFED_RETURN_IF_ERROR(store->Transaction([&](sqlite3* db) -> Status {
    if (sqlite3_exec(db, kAuditSchema, nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db, "create table");
    RADFED_ASSIGN_OR_RETURN(lines, ReadLines(db, 0));
    return Status::Ok();
  }));
  for (const std::string& line : lines) {
    RADFED_ASSIGN_OR_RETURN(audit::AuditEntry e, audit::AuditEntry::FromLine(line));
    trail->head_ = {e.seq + 1, e.hash};
    if (e.kind == "site_enrolled") trail->enrolled_.insert(e.details.value("fingerprint", ""));
  }
  RADFED_RETURN_IF_ERROR(trail->SyncFile(lines));
  const bool fresh = lines.empty();
  RADFED_RETURN_IF_ERROR(trail->Record({{fresh ? "log_opened" : "coordinator_started", "", 0, "",
                                         {{"certificate", trail->signer_.certificate_pem()}}}}));
  return trail;
}

Status AuditTrail::SyncFile(const std::vector<std::string>& db_lines) {
  std::error_code ec;
  if (file_.has_parent_path()) {
    std::filesystem::create_directories(file_.parent_path(), ec);
    if (ec) return Status::IoError(file_.string() + ": cannot create the audit log's directory: " + ec.message());
  }
  const auto type = std::filesystem::status(file_, ec).type();
  if (type != std::filesystem::file_type::not_found && type != std::filesystem::file_type::regular) {
    return Status::IoError(file_.string() + ": not a regular file; the audit log must be one");
  }
  // Nothing below may change the file until it is known to be this coordinator's log.
  std::string text;
  if (type == std::filesystem::file_type::regular) {
    RADFED_ASSIGN_OR_RETURN(text, io::ReadFile(file_));
  }
  std::vector<std::string> file_lines;
  size_t line_start = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', line_start)) {
    if (end > line_start) file_lines.push_back(text.substr(line_start, end - line_start));
    line_start = end + 1;
  }
  const std::string fragment = text.substr(line_start);
  if (file_lines.size() > db_lines.size()) {
    return Status::DataLoss(file_.string() + " holds " + std::to_string(file_lines.size()) +
                            " entries but the coordinator database only " + std::to_string(db_lines.size()) +
                            "; the file is not this coordinator's audit log");
  }
  for (size_t i = 0; i < file_lines.size(); ++i) {
    if (file_lines[i] != db_lines[i]) {
      return Status::DataLoss(file_.string() + ": entry " + std::to_string(i) +
                              " differs from the coordinator's record; the file was modified (run `radfed audit verify`)");
    }
  }
  if (!fragment.empty()) {
    // A crash in the middle of an append leaves the start of the next entry without its newline;
    // only that is repaired (the database holds the entry, written again below).
    const bool torn_append = file_lines.size() < db_lines.size() &&
                             db_lines[file_lines.size()].compare(0, fragment.size(), fragment) == 0;
    if (!torn_append) {
      return Status::DataLoss(file_.string() + ": the final line is incomplete and is not an entry of this "
                              "coordinator; the file is not its audit log or was modified");
    }
    std::filesystem::resize_file(file_, line_start, ec);
    if (ec) return Status::IoError(file_.string() + ": cannot remove a torn final line: " + ec.message());
    spdlog::warn("audit log: removed a torn final line from {}", file_.string());
  }
  // Fail now, not at the first entry, if the file cannot be written.
  const int fd = open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(file_.string() + ": cannot open the audit log for appending");
  close(fd);
  std::vector<audit::AuditEntry> missing;
  for (size_t i = file_lines.size(); i < db_lines.size(); ++i) {
    RADFED_ASSIGN_OR_RETURN(audit::AuditEntry e, audit::AuditEntry::FromLine(db_lines[i]));
    missing.push_back(std::move(e));
  }
  if (!missing.empty()) spdlog::info("audit log: restoring {} entries to {}", missing.size(), file_.string());
  return AppendToFile(missing);
}

Status AuditTrail::AppendToFile(const std::vector<audit::AuditEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  const int fd = open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(file_.string() + ": cannot open the audit log for appending");
  std::string text;
  for (const auto& e : entries) text += e.ToLine() + "\n";
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n <= 0) {
      close(fd);
      return Status::IoError(file_.string() + ": write failed");
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = fsync(fd) == 0;
  close(fd);
  if (!synced) return Status::IoError(file_.string() + ": fsync failed");
  return Status::Ok();
}

Status AuditTrail::Record(const std::vector<audit::AuditEvent>& events, const StudyStore::Also& also) {
  std::lock_guard lock(mu_);
  audit::ChainHead next = head_;
  RADFED_ASSIGN_OR_RETURN(std::vector<audit::AuditEntry> entries, audit::Seal(events, &next, signer_));
  RADFED_RETURN_IF_ERROR(store_->Transaction([&](sqlite3* db) -> Status {
    if (also) RADFED_RETURN_IF_ERROR(also(db));
    SqliteStatement s;
    if (sqlite3_prepare_v2(db, "INSERT INTO audit (seq, line) VALUES (?1, ?2);", -1, &s.stmt, nullptr) != SQLITE_OK) {
      return SqlError(db, "prepare");
    }
    for (const auto& e : entries) {
      const std::string line = e.ToLine();
      sqlite3_reset(s.stmt);
      sqlite3_bind_int64(s.stmt, 1, static_cast<sqlite3_int64>(e.seq));
      sqlite3_bind_text(s.stmt, 2, line.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(s.stmt) != SQLITE_DONE) return SqlError(db, "append entry " + std::to_string(e.seq));
    }
    return Status::Ok();
  }));
  head_ = next;
  for (const auto& e : entries) {
    if (e.kind == "site_enrolled") enrolled_.insert(e.details.value("fingerprint", ""));
  }
  // The database holds the entries now; a failed mirror write is repaired at the next start.
  Status mirrored = AppendToFile(entries);
  if (!mirrored.ok()) spdlog::error("audit log mirror: {}", mirrored.message());
  return Status::Ok();
}

audit::ChainHead AuditTrail::head() const {
  std::lock_guard lock(mu_);
  return head_;
}

Result<std::vector<std::string>> AuditTrail::Lines(uint64_t from) const {
  std::vector<std::string> lines;
  RADFED_RETURN_IF_ERROR(store_->Transaction([&](sqlite3* db) -> Status {
    RADFED_ASSIGN_OR_RETURN(lines, ReadLines(db, from));
    return Status::Ok();
  }));
  return lines;
}

bool AuditTrail::FirstSighting(const std::string& fingerprint) {
  std::lock_guard lock(mu_);
  return !enrolled_.count(fingerprint);
}

}  // namespace radfed::coordinator
