// Times read back from the audit log, for the loopback benchmarks' latency figures.
#pragma once

#include <string>

namespace radfed::testing {

// Milliseconds since the epoch of an audit entry's ISO 8601 UTC time ("...T12:00:00.123Z").
double ParseAuditMillis(const std::string& iso);

}  // namespace radfed::testing
