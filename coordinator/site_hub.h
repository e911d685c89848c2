// SiteHub: how a study runner reaches the sites, without knowing about gRPC streams.
#pragma once

#include <set>
#include <string>

#include "radfed/v1/site_session.pb.h"

namespace radfed::coordinator {

class SiteHub {
 public:
  virtual ~SiteHub() = default;
  // Sites with an open, authenticated session right now.
  virtual std::set<std::string> Connected() const = 0;
  // Queues `request` on the site's session. False when the site is not connected.
  virtual bool Send(const std::string& site, const v1::CoordinatorMessage& message) = 0;
};

}  // namespace radfed::coordinator
