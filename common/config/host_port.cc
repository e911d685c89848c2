#include "common/config/host_port.h"

#include <cctype>

namespace radfed::config {

Status CheckHostPort(const std::string& address, bool allow_port_zero) {
  const auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("expected HOST:PORT, got '" + address + "': " + why);
  };
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return bad("no port");
  const std::string host = address.substr(0, colon);
  const std::string port = address.substr(colon + 1);
  if (host.empty()) return bad("no host");
  if (host.find(':') != std::string::npos && (host.front() != '[' || host.back() != ']')) {
    return bad("an IPv6 address goes in brackets, as [::1]:7443");
  }
  if (port.empty() || port.size() > 5) return bad("the port must be a number from 1 to 65535");
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return bad("the port must be a number from 1 to 65535");
  }
  const int number = std::stoi(port);
  if (number > 65535 || (number == 0 && !allow_port_zero)) return bad("the port must be a number from 1 to 65535");
  return Status::Ok();
}

}  // namespace radfed::config
