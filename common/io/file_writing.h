// Writing files so that readers never see half of one and a crash loses nothing already written.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "common/status.h"

namespace radfed::io {

// Writes `data` to `path` atomically: a temporary file beside it (created with `mode`, so the data
// is never readable by others, even briefly), fsync, then rename over `path`. Safe to call from
// several threads or processes for different paths, and for the same path (the last rename wins).
Status WriteFileAtomic(const std::filesystem::path& path, const std::string& data, mode_t mode = 0644);

// Creates `path` with `mode` and `data` only if no file has that name (AlreadyExists otherwise).
// The file appears complete under its name or not at all, so when several processes race to
// create it, exactly one succeeds and the others can read the winner's whole file.
Status WriteNewFile(const std::filesystem::path& path, const std::string& data, mode_t mode);

}  // namespace radfed::io
