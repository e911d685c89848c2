// Parsing JSON that comes from outside the process: files an auditor is handed, replies of peers.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace radfed::io {

// Deeper nesting than any radfed document has; the bound keeps recursive walks of the value off
// the end of the stack.
inline constexpr int kMaxJsonDepth = 64;

// The parsed value, or a discarded one (is_discarded()) if `text` is not JSON or nests deeper than
// kMaxJsonDepth. nlohmann's parser itself copes with any depth, but copying, printing and
// comparing a value recurse once per level: 100,000 nested brackets would crash the reader.
nlohmann::json ParseUntrustedJson(std::string_view text);

}  // namespace radfed::io
