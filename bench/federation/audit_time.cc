#include "bench/federation/audit_time.h"

#include <ctime>
#include <iomanip>
#include <sstream>

namespace radfed::testing {

double ParseAuditMillis(const std::string& iso) {
  std::tm tm{};
  std::istringstream in(iso);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  double millis = 0;
  if (const auto dot = iso.find('.'); dot != std::string::npos) millis = std::stod("0" + iso.substr(dot, 4));
  return static_cast<double>(timegm(&tm)) * 1000 + millis * 1000;
}

}  // namespace radfed::testing
