// SiteHub: how a study runner reaches the sites, without knowing about gRPC streams.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "radfed/v1/site_session.pb.h"

namespace radfed::coordinator {

class SiteHub {
 public:
  virtual ~SiteHub() = default;
  // Sites with an open, authenticated session right now.
  virtual std::set<std::string> Connected() const = 0;
  // The serial number of the site's current session, 0 when it has none. Each new session gets a
  // larger serial, so a changed serial means that the earlier session, and whatever was queued on
  // it, is gone, even when the site has connected again in the meantime.
  virtual uint64_t SessionSerial(const std::string& site) const = 0;
  // Queues `message` on the site's current session and returns that session's serial; 0 when the
  // site is not connected.
  virtual uint64_t Send(const std::string& site, const v1::CoordinatorMessage& message) = 0;
};

}  // namespace radfed::coordinator
