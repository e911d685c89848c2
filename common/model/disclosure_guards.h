// DisclosureGuards: limits a site sets in node.yaml and enforces on every model task, whatever
// the study asks. A refusal is a PermissionDenied status whose message (counts only) the
// coordinator shows to the operator.
#pragma once

#include <string>
#include <vector>

#include "common/model/local_data.h"
#include "common/model/model_spec.h"
#include "common/status.h"

namespace radfed::model {

struct DisclosureGuards {
  size_t min_rows = 10;                  // complete cases
  size_t min_events = 5;                 // Cox events, or logistic positives (and negatives)
  double max_parameters_per_row = 0.2;   // coefficients / complete cases
  std::vector<std::string> allowed_columns;  // empty: every column may be used
};

// Checks the columns a model reads against the allow-list (before any data is touched).
Status CheckColumnsAllowed(const ModelSpec& spec, const DisclosureGuards& guards);
// Checks the site's complete cases.
Status CheckGuards(const ModelSpec& spec, const LocalData& data, const DisclosureGuards& guards);

}  // namespace radfed::model
