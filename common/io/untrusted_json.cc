#include "common/io/untrusted_json.h"

namespace radfed::io {

nlohmann::json ParseUntrustedJson(std::string_view text) {
  bool too_deep = false;
  // Returning false drops the over-deep value without building it; the flag makes the whole
  // document invalid rather than silently shorter.
  const nlohmann::json::parser_callback_t limit = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxJsonDepth) too_deep = true;
    return !too_deep;
  };
  nlohmann::json value = nlohmann::json::parse(text, limit, /*allow_exceptions=*/false);
  if (too_deep) return nlohmann::json(nlohmann::json::value_t::discarded);
  return value;
}

}  // namespace radfed::io
