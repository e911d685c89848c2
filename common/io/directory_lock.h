// DirectoryLock: one process at a time per state directory.
//
// Two coordinators (or two nodes) started on the same state directory would both append to one
// audit log and one database; the second must refuse to start instead. The lock is an advisory
// flock on `<dir>/lock`, released by the kernel when the process ends however it ends, so a crash
// never leaves a stale lock behind.
#pragma once

#include <filesystem>
#include <string>

#include "common/status.h"

namespace radfed::io {

class DirectoryLock {
 public:
  // Locks `dir` (which must exist) for this process. FailedPrecondition, naming the directory and
  // the holder's process id, if another process holds it; `program` names the kind of process in
  // that message ("radfed-coordinator").
  static Result<DirectoryLock> Acquire(const std::filesystem::path& dir, const std::string& program);

  DirectoryLock(DirectoryLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DirectoryLock& operator=(DirectoryLock&&) = delete;
  DirectoryLock(const DirectoryLock&) = delete;
  ~DirectoryLock();

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace radfed::io
