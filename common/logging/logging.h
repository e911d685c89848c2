// Process-wide logging set-up for radfed programs: human-readable lines, or JSON Lines for log
// collectors (one object per line: time, level, logger, message).
#pragma once

#include <string>

#include "common/status.h"

namespace radfed::logging {

// `format`: "text" or "json". `level`: "debug", "info", "warn" or "error".
Status Configure(const std::string& format, const std::string& level, const std::string& program);

// Escapes `text` for inclusion in a JSON string (without the quotes).
std::string JsonEscape(const std::string& text);

}  // namespace radfed::logging
