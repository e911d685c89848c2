// StudyStore: the coordinator's durable state in SQLite (WAL mode) in its state directory.
//
// A study is stored when submitted and updated after every completed round with the plan's
// state, so a coordinator killed at any moment resumes each study from its last completed round.
// Updates are transactions: a round's outcome and anything else written with it (e.g. audit
// entries, through `also`) commit together or not at all.
//
// Thread-safety: all methods may be called concurrently (one connection, serialised by a mutex).
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "radfed/v1/study_service.pb.h"

namespace radfed::coordinator {

struct StoredStudy {
  std::string id;
  std::string spec_yaml;
  std::string spec_source;
  v1::StudyStatus status;         // last persisted status (rounds history, result)
  nlohmann::json plan_state;      // StudyPlan::SaveState() after the last completed round
  uint32_t completed_rounds = 0;
  uint32_t attempts_started = 0;  // attempts ever started, so attempt numbers never repeat
  nlohmann::json refused = nlohmann::json::object();  // site -> reason
};

class StudyStore {
 public:
  // Opens or creates `path`. Errors name the file.
  static Result<std::unique_ptr<StudyStore>> Open(const std::filesystem::path& path);
  ~StudyStore();

  // Extra statements to run inside the same transaction (nullptr: none).
  using Also = std::function<Status(sqlite3*)>;

  Status Insert(const StoredStudy& study, const Also& also = nullptr);
  // Replaces the stored record of `study.id`.
  Status Update(const StoredStudy& study, const Also& also = nullptr);
  // The same two writes, inside a transaction the caller runs (Transaction(), or another
  // component's transaction on this store's connection).
  static Status InsertWithin(sqlite3* db, const StoredStudy& study);
  static Status UpdateWithin(sqlite3* db, const StoredStudy& study);
  // Every stored study, oldest first.
  Result<std::vector<StoredStudy>> LoadAll() const;

  // Runs `body` in a transaction on the store's connection.
  Status Transaction(const Also& body);

 private:
  explicit StudyStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Exec(const char* sql);
  static Status WriteWithin(sqlite3* db, const char* sql, const StoredStudy& study);
  Status Error(const std::string& what) const;

  sqlite3* db_;
  const std::string path_;
  mutable std::mutex mu_;
};

}  // namespace radfed::coordinator
