// StudySpec: a study as an operator submits it (YAML), validated before any round starts.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "common/status.h"
#include "common/study/model_study.h"
#include "common/study/statistics_study.h"
#include "common/study/study_plan.h"

namespace radfed::study {

struct StudySpec {
  std::string name;
  std::string type;          // "statistics" (more types register in ParseStudySpec)
  int min_sites = 3;         // fewer contributing sites fail the study
  double round_timeout_seconds = 120;  // a step waits this long for sites before counting them dropped
  // secure_aggregation: {threshold, allow_two_sites}
  uint32_t secagg_threshold = 0;       // 0: majority of the round's sites
  bool allow_two_sites = false;        // with two sites each learns the other's input from the sum
  std::string yaml;          // the text as submitted (hashed into the audit log)
  std::variant<StatisticsSpec, ModelStudySpec> details;
};

// Parses and validates a study specification; errors name `source` and the key.
Result<StudySpec> ParseStudySpec(const std::string& yaml_text, const std::string& source);

// `roster` is the consortium's site list (studies that report per-site figures order them by it).
std::unique_ptr<StudyPlan> MakePlan(const StudySpec& spec, const std::vector<std::string>& roster);
Result<std::unique_ptr<StudyPlan>> RestorePlan(const StudySpec& spec, const std::vector<std::string>& roster,
                                               const nlohmann::json& state);

}  // namespace radfed::study
