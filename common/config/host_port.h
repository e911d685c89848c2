// HOST:PORT addresses in configuration files and on command lines.
#pragma once

#include <string>

#include "common/status.h"

namespace radfed::config {

// OK when `address` is HOST:PORT with a non-empty HOST (a name, an IPv4 address, or an IPv6
// address in brackets) and PORT a decimal from 1 to 65535, or 0 if `allow_port_zero` (a listener
// that lets the system choose). Without this check gRPC takes port 70000 as 4464.
Status CheckHostPort(const std::string& address, bool allow_port_zero);

}  // namespace radfed::config
