// Reading whole files that people name on command lines and in configuration files.
#pragma once

#include <filesystem>
#include <string>

#include "common/status.h"

namespace radfed::io {

// The bytes of the regular file `path`. Errors name the path: NotFound "cannot open file",
// InvalidArgument when it is a directory (which std::ifstream opens and reads as empty, so a
// mistyped path would otherwise pass for an empty file), IoError when reading fails.
Result<std::string> ReadFile(const std::filesystem::path& path);

}  // namespace radfed::io
