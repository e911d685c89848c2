// SqliteStatement: a prepared SQLite statement that is finalized on every path out of a scope.
#pragma once

#include <sqlite3.h>

namespace radfed::coordinator {

struct SqliteStatement {
  sqlite3_stmt* stmt = nullptr;  // set by sqlite3_prepare_v2(..., &stmt, ...)

  SqliteStatement() = default;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() { sqlite3_finalize(stmt); }
};

}  // namespace radfed::coordinator
