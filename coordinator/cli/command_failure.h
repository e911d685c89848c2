// How every `radfed` command reports an error: "<command>: <message>" on stderr, exit code 1.
#pragma once

#include <iostream>
#include <string_view>

#include "common/status.h"

namespace radfed::cli {

// Returns the exit code of a failed command, e.g. `return Fail("radfed audit", status);`.
inline int Fail(std::string_view command, const Status& status) {
  std::cerr << command << ": " << status.message() << "\n";
  return 1;
}

}  // namespace radfed::cli
