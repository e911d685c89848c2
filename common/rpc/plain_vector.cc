#include "common/rpc/plain_vector.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace radfed::rpc {

std::string EncodePlainVector(const std::vector<double>& v) {
  static_assert(std::endian::native == std::endian::little, "radfed assumes a little-endian host");
  std::string out(v.size() * sizeof(double), '\0');
  std::memcpy(out.data(), v.data(), out.size());
  return out;
}

Result<std::vector<double>> DecodePlainVector(const std::string& bytes, size_t expected_length) {
  if (bytes.size() != expected_length * sizeof(double)) {
    return Status::InvalidArgument("vector of " + std::to_string(bytes.size()) + " bytes, expected " +
                                   std::to_string(expected_length) + " values");
  }
  std::vector<double> v(expected_length);
  std::memcpy(v.data(), bytes.data(), bytes.size());
  for (double x : v)
    if (!std::isfinite(x)) return Status::InvalidArgument("vector contains a non-finite value");
  return v;
}

}  // namespace radfed::rpc
