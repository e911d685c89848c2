// FuzzInputFile: hands a fuzzer's bytes to readers, which read paths, never memory.
//
// Each fuzzer process writes every input to one file in its own temporary directory and removes
// the directory at exit. The directory is made in $RADFED_FUZZ_WORK_DIR when set (the smoke
// script's own, removed by the script even when a crash skips the exit), else in /dev/shm when
// there is one, so the file never touches a disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace radfed::fuzz {

class FuzzInputFile {
 public:
  FuzzInputFile();
  ~FuzzInputFile();
  FuzzInputFile(const FuzzInputFile&) = delete;
  FuzzInputFile& operator=(const FuzzInputFile&) = delete;

  // Replaces the file's content by `data` under `file_name` (the name carries the extension the
  // reader recognises) and returns its path. Aborts if it cannot: a fuzzer that silently stopped
  // feeding its reader would report nothing while testing nothing.
  const std::filesystem::path& Write(const std::string& file_name, const uint8_t* data, size_t size);

 private:
  std::filesystem::path dir_;
  std::filesystem::path path_;
};

// True when `data` starts with the gzip magic bytes (1f 8b).
bool IsGzip(const uint8_t* data, size_t size);

}  // namespace radfed::fuzz
