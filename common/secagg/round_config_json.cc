#include "common/secagg/round_config_json.h"

namespace radfed::secagg {

nlohmann::json RoundConfigToJson(const RoundConfig& c) {
  return {{"study_id", c.study_id},
          {"round_id", c.round_id},
          {"sites", c.sites},
          {"threshold", c.threshold},
          {"vector_length", c.vector_length},
          {"fraction_bits", c.encoding.fraction_bits},
          {"max_abs", c.encoding.max_abs},
          {"max_sites", c.encoding.max_sites},
          {"limbs", c.encoding.limbs},
          {"allow_two_sites", c.allow_two_sites}};
}

Result<RoundConfig> RoundConfigFromJson(const nlohmann::json& j) {
  try {
    RoundConfig c;
    c.study_id = j.at("study_id");
    c.round_id = j.at("round_id");
    c.sites = j.at("sites").get<std::vector<std::string>>();
    c.threshold = j.at("threshold");
    c.vector_length = j.at("vector_length");
    c.encoding.fraction_bits = j.at("fraction_bits");
    c.encoding.max_abs = j.at("max_abs");
    c.encoding.max_sites = j.at("max_sites");
    c.encoding.limbs = j.at("limbs");
    c.allow_two_sites = j.at("allow_two_sites");
    return c;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("malformed secure-aggregation configuration: ") + e.what());
  }
}

}  // namespace radfed::secagg
