#include "common/study/study_spec.h"

#include "common/config/yaml_node.h"

namespace radfed::study {
namespace {
constexpr int64_t kMaxSites = 10000;
constexpr double kMaxRoundTimeoutSeconds = 7 * 24 * 3600.0;
}  // namespace

Result<StudySpec> ParseStudySpec(const std::string& yaml_text, const std::string& source) {
  RADFED_ASSIGN_OR_RETURN(config::YamlNode root, config::YamlNode::Parse(yaml_text, source));
  StudySpec spec;
  spec.yaml = yaml_text;
  RADFED_ASSIGN_OR_RETURN(spec.name, root.GetString("name"));
  if (spec.name.empty()) return root.ErrorAt("name", "must not be empty");
  RADFED_ASSIGN_OR_RETURN(spec.type, root.GetString("type"));
  // Bounds far beyond any consortium keep the narrowing casts below exact.
  RADFED_ASSIGN_OR_RETURN(int64_t min_sites, root.GetIntInRange("min_sites", 3, 0, kMaxSites));
  spec.min_sites = static_cast<int>(min_sites);
  RADFED_ASSIGN_OR_RETURN(spec.round_timeout_seconds,
                          root.GetDoubleInRange("round_timeout_seconds", 120, 0.001, kMaxRoundTimeoutSeconds));
  if (auto secagg = root.OptionalChild("secure_aggregation")) {
    RADFED_ASSIGN_OR_RETURN(int64_t threshold, secagg->GetIntInRange("threshold", 0, 0, kMaxSites));
    if (threshold != 0 && threshold < 2) return secagg->ErrorAt("threshold", "must be at least 2 (or omitted for a majority)");
    spec.secagg_threshold = static_cast<uint32_t>(threshold);
    RADFED_ASSIGN_OR_RETURN(spec.allow_two_sites, secagg->GetBool("allow_two_sites", false));
    RADFED_RETURN_IF_ERROR(secagg->RejectUnknownKeys());
  }
  if (spec.min_sites < 2 || (spec.min_sites == 2 && !spec.allow_two_sites)) {
    return root.ErrorAt("min_sites", "studies need at least 3 sites: with fewer, the sum reveals a site's own "
                                     "data to the others (2 sites only with secure_aggregation.allow_two_sites)");
  }
  if (spec.secagg_threshold > static_cast<uint32_t>(spec.min_sites)) {
    return root.ErrorAt("secure_aggregation", "threshold " + std::to_string(spec.secagg_threshold) +
                                                  " exceeds min_sites " + std::to_string(spec.min_sites));
  }
  if (spec.type == "statistics") {
    RADFED_ASSIGN_OR_RETURN(spec.details, ParseStatisticsSpec(root, spec.name));
  } else if (spec.type == "model") {
    RADFED_ASSIGN_OR_RETURN(spec.details, ParseModelStudySpec(root, spec.name));
  } else {
    return root.ErrorAt("type", "unknown study type '" + spec.type + "' (known: statistics, model)");
  }
  RADFED_RETURN_IF_ERROR(root.RejectUnknownKeys());
  return spec;
}

namespace {
struct PlanFactory {
  const std::vector<std::string>& roster;
  std::unique_ptr<StudyPlan> operator()(const StatisticsSpec& s) const { return MakeStatisticsPlan(s); }
  std::unique_ptr<StudyPlan> operator()(const ModelStudySpec& s) const { return MakeModelPlan(s, roster); }
};
struct PlanRestorer {
  const std::vector<std::string>& roster;
  const nlohmann::json& state;
  Result<std::unique_ptr<StudyPlan>> operator()(const StatisticsSpec& s) const { return RestoreStatisticsPlan(s, state); }
  Result<std::unique_ptr<StudyPlan>> operator()(const ModelStudySpec& s) const { return RestoreModelPlan(s, roster, state); }
};
}  // namespace

std::unique_ptr<StudyPlan> MakePlan(const StudySpec& spec, const std::vector<std::string>& roster) {
  return std::visit(PlanFactory{roster}, spec.details);
}

Result<std::unique_ptr<StudyPlan>> RestorePlan(const StudySpec& spec, const std::vector<std::string>& roster,
                                               const nlohmann::json& state) {
  return std::visit(PlanRestorer{roster, state}, spec.details);
}

}  // namespace radfed::study
