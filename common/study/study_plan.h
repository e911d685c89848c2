// StudyPlan: what a study computes, round by round — independent of how vectors travel.
//
// A study is a sequence of aggregation rounds. In each round every participating site turns the
// round's task (JSON) into a vector of doubles from its own data; the coordinator only ever learns
// the element-wise sum of those vectors over the sites that contributed (secure aggregation).
// The plan chooses the next task from the sums it has seen. It holds no network, clock or thread
// state, so every study type is testable by calling the site-side function per simulated site and
// summing.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::study {

struct AggregationTask {
  nlohmann::json task;  // sent to every participating site
  size_t length = 0;    // number of elements in each site's vector
  // Bound on |element| of any single site's vector, declared to sites so they can refuse values
  // outside it before masking (fixed-point range).
  double max_abs = 1e15;
  // Sites that must contribute for the sum to be usable (empty: any set of at least min_sites).
  // Later rounds of a study need the same sites as the first so their sums refer to one cohort.
  std::set<std::string> required_sites;
};

class StudyPlan {
 public:
  virtual ~StudyPlan() = default;

  // The next aggregation to run, or nullopt when the study has finished; Outcome() is then final.
  // Calling Next() twice without Accept() returns the same task.
  virtual Result<std::optional<AggregationTask>> Next() = 0;

  // The sum over `contributors` of their vectors for the task last returned by Next(). `sum`
  // must have the task's length. If the contributors differ from the task's required_sites the
  // plan decides how to continue (e.g. restart over the sites that remain).
  virtual Status Accept(const std::vector<double>& sum, const std::set<std::string>& contributors) = 0;

  // The study result as JSON (what `radfed study run --out` writes).
  virtual nlohmann::json Outcome() const = 0;

  // Complete plan state, such that a plan restored from it continues identically (used by the
  // coordinator to persist studies across crashes).
  virtual nlohmann::json SaveState() const = 0;

  // What the last accepted sum changed, for the audit log (e.g. the model's new coefficients).
  // Aggregates only; never anything a single site provided.
  virtual nlohmann::json AuditSummary() const = 0;
};

}  // namespace radfed::study
