// Turns OpenSSL's thread-local error queue into a radfed Status. Internal to radfed_crypto.
#pragma once

#include <string_view>

#include "common/status.h"

namespace radfed::crypto {

// An Internal status "<what>: <first queued OpenSSL error>", clearing the queue so a later failure
// does not report a stale reason.
Status OpenSslError(std::string_view what);

}  // namespace radfed::crypto
