#include "tests/fuzz/fuzz_input_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace radfed::fuzz {

FuzzInputFile::FuzzInputFile() {
  const std::filesystem::path shm("/dev/shm");
  const char* work = std::getenv("RADFED_FUZZ_WORK_DIR");
  const auto base = work && *work                          ? std::filesystem::path(work)
                    : std::filesystem::is_directory(shm) ? shm
                                                         : std::filesystem::temp_directory_path();
  dir_ = base / ("radfed-fuzz-" + std::to_string(getpid()));
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    std::fprintf(stderr, "fuzzer: cannot create %s: %s\n", dir_.c_str(), ec.message().c_str());
    std::abort();
  }
}

FuzzInputFile::~FuzzInputFile() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

const std::filesystem::path& FuzzInputFile::Write(const std::string& file_name, const uint8_t* data, size_t size) {
  if (!path_.empty() && path_.filename() != file_name) std::filesystem::remove(path_);
  path_ = dir_ / file_name;
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) {
    std::fprintf(stderr, "fuzzer: cannot write %s\n", path_.c_str());
    std::abort();
  }
  return path_;
}

bool IsGzip(const uint8_t* data, size_t size) { return size >= 2 && data[0] == 0x1f && data[1] == 0x8b; }

}  // namespace radfed::fuzz
