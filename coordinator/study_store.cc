#include "coordinator/study_store.h"

#include "coordinator/sqlite_statement.h"

namespace radfed::coordinator {
namespace {

constexpr char kStudiesSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS studies (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  spec_yaml TEXT NOT NULL,
  spec_source TEXT NOT NULL,
  status BLOB NOT NULL,
  plan_state TEXT NOT NULL,
  completed_rounds INTEGER NOT NULL,
  attempts_started INTEGER NOT NULL,
  refused TEXT NOT NULL
);
)sql";

}  // namespace

Result<std::unique_ptr<StudyStore>> StudyStore::Open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError(path.string() + ": cannot open the coordinator database: " + message);
  }
  std::unique_ptr<StudyStore> store(new StudyStore(db, path.string()));
  sqlite3_busy_timeout(db, 5000);
  RADFED_RETURN_IF_ERROR(store->Exec("PRAGMA journal_mode=WAL;"));
  // FULL: a committed round survives a power cut, not only a process crash.
  RADFED_RETURN_IF_ERROR(store->Exec("PRAGMA synchronous=FULL;"));
  RADFED_RETURN_IF_ERROR(store->Exec(kStudiesSchema));
  return store;
}

StudyStore::~StudyStore() { sqlite3_close(db_); }

Status StudyStore::Error(const std::string& what) const {
  return Status::IoError(path_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

Status StudyStore::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Status::IoError(path_ + ": " + text);
  }
  return Status::Ok();
}

Status StudyStore::Transaction(const Also& body) {
  std::lock_guard lock(mu_);
  RADFED_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE;"));
  Status status = body(db_);
  if (!status.ok()) {
    Exec("ROLLBACK;").ok();
    return status;
  }
  status = Exec("COMMIT;");
  if (!status.ok()) Exec("ROLLBACK;").ok();
  return status;
}

constexpr char kInsert[] =
    "INSERT INTO studies (id, spec_yaml, spec_source, status, plan_state, completed_rounds, "
    "attempts_started, refused, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "(SELECT COALESCE(MAX(seq), 0) + 1 FROM studies));";
constexpr char kUpdate[] =
    "UPDATE studies SET spec_yaml = ?2, spec_source = ?3, status = ?4, plan_state = ?5, "
    "completed_rounds = ?6, attempts_started = ?7, refused = ?8 WHERE id = ?1;";

Status StudyStore::WriteWithin(sqlite3* db, const char* sql, const StoredStudy& study) {
  SqliteStatement s;
  auto error = [&](const std::string& what) {
    return Status::IoError(std::string("coordinator database: ") + what + ": " + sqlite3_errmsg(db));
  };
  if (sqlite3_prepare_v2(db, sql, -1, &s.stmt, nullptr) != SQLITE_OK) return error("prepare");
  const std::string status = study.status.SerializeAsString();
  const std::string plan = study.plan_state.dump();
  const std::string refused = study.refused.dump();
  sqlite3_bind_text(s.stmt, 1, study.id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.stmt, 2, study.spec_yaml.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.stmt, 3, study.spec_source.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(s.stmt, 4, status.data(), static_cast<int>(status.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s.stmt, 5, plan.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s.stmt, 6, study.completed_rounds);
  sqlite3_bind_int64(s.stmt, 7, study.attempts_started);
  sqlite3_bind_text(s.stmt, 8, refused.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.stmt) != SQLITE_DONE) return error("write study " + study.id);
  if (sqlite3_changes(db) != 1) return Status::NotFound("study " + study.id + " is not stored");
  return Status::Ok();
}

Status StudyStore::InsertWithin(sqlite3* db, const StoredStudy& study) { return WriteWithin(db, kInsert, study); }
Status StudyStore::UpdateWithin(sqlite3* db, const StoredStudy& study) { return WriteWithin(db, kUpdate, study); }

Status StudyStore::Insert(const StoredStudy& study, const Also& also) {
  return Transaction([&](sqlite3* db) -> Status {
    RADFED_RETURN_IF_ERROR(InsertWithin(db, study));
    return also ? also(db) : Status::Ok();
  });
}

Status StudyStore::Update(const StoredStudy& study, const Also& also) {
  return Transaction([&](sqlite3* db) -> Status {
    RADFED_RETURN_IF_ERROR(UpdateWithin(db, study));
    return also ? also(db) : Status::Ok();
  });
}

Result<std::vector<StoredStudy>> StudyStore::LoadAll() const {
  std::lock_guard lock(mu_);
  SqliteStatement s;
  if (sqlite3_prepare_v2(db_,
                         "SELECT id, spec_yaml, spec_source, status, plan_state, completed_rounds, "
                         "attempts_started, refused FROM studies ORDER BY seq;",
                         -1, &s.stmt, nullptr) != SQLITE_OK) {
    return Error("read studies");
  }
  std::vector<StoredStudy> out;
  int rc;
  while ((rc = sqlite3_step(s.stmt)) == SQLITE_ROW) {
    StoredStudy study;
    auto text = [&](int col) {
      const auto* p = sqlite3_column_text(s.stmt, col);
      return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
    };
    study.id = text(0);
    study.spec_yaml = text(1);
    study.spec_source = text(2);
    const void* blob = sqlite3_column_blob(s.stmt, 3);
    const int blob_size = sqlite3_column_bytes(s.stmt, 3);
    if (!study.status.ParseFromArray(blob, blob_size)) {
      return Status::DataLoss(path_ + ": the stored status of study " + study.id + " is unreadable");
    }
    study.plan_state = nlohmann::json::parse(text(4), nullptr, false);
    study.refused = nlohmann::json::parse(text(7), nullptr, false);
    if (study.plan_state.is_discarded() || study.refused.is_discarded()) {
      return Status::DataLoss(path_ + ": the stored state of study " + study.id + " is unreadable");
    }
    study.completed_rounds = static_cast<uint32_t>(sqlite3_column_int64(s.stmt, 5));
    study.attempts_started = static_cast<uint32_t>(sqlite3_column_int64(s.stmt, 6));
    out.push_back(std::move(study));
  }
  if (rc != SQLITE_DONE) return Error("read studies");
  return out;
}

}  // namespace radfed::coordinator
