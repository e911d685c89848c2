// Federated descriptive statistics: per column n, missing, mean, sample SD and, when the study
// allows it, min and max — over all sites, optionally split by a binary grouping column.
//
// One round gives n, missing, mean and SD: each site sends its counts, Σx and Σx², accumulated in
// long double and each split into a high and a low double, so the fixed-point transport (2^-40)
// loses nothing a double could hold; the coordinator forms (Σx² − (Σx)²/n)/(n − 1) in long double.
// That keeps the pooled SD within ~1e-15 relative even where the mean is hundreds of SDs from zero,
// and a site that dies after sending its masked input still counts (secure aggregation recovers
// its contribution). Min and max, if allowed, are found exactly by bisection on the IEEE-754
// order: each further round aggregates, per target, how many values lie at or below 255
// thresholds, so sites disclose only pooled counts and 8 rounds pin a double down to its last bit.
//
// Missing values: complete cases over the study's columns (and the grouping column when
// grouping) by default; `missing: available` uses every non-missing value of each column.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/config/yaml_node.h"
#include "common/study/column_source.h"
#include "common/study/study_plan.h"

namespace radfed::study {

struct StatisticsSpec {
  std::string name;
  std::vector<std::string> columns;
  std::optional<std::string> group_by;  // a binary column
  std::vector<double> levels{0, 1};     // its two values
  bool complete_cases = true;
  bool allow_min_max = false;
};

// Reads the statistics-specific keys (`columns`, `group_by`, `levels`, `missing`,
// `allow_min_max`) of a study specification.
Result<StatisticsSpec> ParseStatisticsSpec(const config::YamlNode& root, const std::string& name);

std::unique_ptr<StudyPlan> MakeStatisticsPlan(const StatisticsSpec& spec);
// A plan continuing from `state` (a SaveState() of a plan of the same spec).
Result<std::unique_ptr<StudyPlan>> RestoreStatisticsPlan(const StatisticsSpec& spec,
                                                        const nlohmann::json& state);

// Site side: the site's vector for a statistics task. `min_rows` is the site's disclosure
// guard: a task on fewer usable rows is refused (PermissionDenied, with the counts).
Result<std::vector<double>> StatisticsContribution(const nlohmann::json& task,
                                                   const ColumnSource& data, size_t min_rows);

// Maps a double to a uint64 such that the integer order equals the numeric order.
uint64_t OrderedKey(double value);
double FromOrderedKey(uint64_t key);

}  // namespace radfed::study
