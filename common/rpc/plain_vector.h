// Wire form of a vector sent in the clear (walking skeleton): little-endian IEEE-754 doubles.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::rpc {

std::string EncodePlainVector(const std::vector<double>& v);
// Errors: wrong length, non-finite values.
Result<std::vector<double>> DecodePlainVector(const std::string& bytes, size_t expected_length);

}  // namespace radfed::rpc
