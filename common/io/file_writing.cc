#include "common/io/file_writing.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace radfed::io {
namespace {

Status WriteFd(int fd, const std::filesystem::path& path, const std::string& data) {
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;
      close(fd);
      return Status::IoError(path.string() + ": write failed: " + std::strerror(error));
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) return Status::IoError(path.string() + ": write failed: " + std::strerror(errno));
  return Status::Ok();
}

// Writes `data` to a fresh temporary file beside `path` (unique per process and call, so concurrent
// writers never share one) and returns its name.
Result<std::filesystem::path> WriteTemporary(const std::filesystem::path& path, const std::string& data, mode_t mode) {
  static std::atomic<uint64_t> counter{0};
  std::filesystem::path tmp = path.string() + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::IoError(tmp.string() + ": cannot create file: " + std::strerror(errno));
  if (Status written = WriteFd(fd, tmp, data); !written.ok()) {
    std::filesystem::remove(tmp);
    return written;
  }
  return tmp;
}

}  // namespace

Status WriteFileAtomic(const std::filesystem::path& path, const std::string& data, mode_t mode) {
  RADFED_ASSIGN_OR_RETURN(const std::filesystem::path tmp, WriteTemporary(path, data, mode));
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    return Status::IoError(path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

Status WriteNewFile(const std::filesystem::path& path, const std::string& data, mode_t mode) {
  // link() publishes the complete file under its name only if the name is free, so a concurrent
  // reader never sees it half-written and a concurrent creator gets AlreadyExists.
  RADFED_ASSIGN_OR_RETURN(const std::filesystem::path tmp, WriteTemporary(path, data, mode));
  const int linked = link(tmp.c_str(), path.c_str());
  const int error = errno;
  std::filesystem::remove(tmp);
  if (linked == 0) return Status::Ok();
  if (error == EEXIST) return Status::AlreadyExists(path.string() + ": already exists; refusing to overwrite");
  return Status::IoError(path.string() + ": cannot create file: " + std::strerror(error));
}

}  // namespace radfed::io
