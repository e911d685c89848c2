#include "common/model/disclosure_guards.h"

#include <algorithm>
#include <cstdio>

namespace radfed::model {

Status CheckColumnsAllowed(const ModelSpec& spec, const DisclosureGuards& guards) {
  if (guards.allowed_columns.empty()) return Status::Ok();
  std::string refused;
  for (const std::string& column : spec.columns()) {
    if (std::find(guards.allowed_columns.begin(), guards.allowed_columns.end(), column) == guards.allowed_columns.end()) {
      refused += (refused.empty() ? "" : ", ") + column;
    }
  }
  if (refused.empty()) return Status::Ok();
  return Status::PermissionDenied("columns not on this site's allow-list: " + refused);
}

Status CheckGuards(const ModelSpec& spec, const LocalData& data, const DisclosureGuards& guards) {
  const size_t rows = data.rows_used();
  if (rows < guards.min_rows) {
    return Status::PermissionDenied(std::to_string(rows) + " complete rows, below this site's minimum of " +
                                    std::to_string(guards.min_rows));
  }
  const size_t events = data.events();
  const size_t others = rows - events;
  const size_t smallest = spec.type == ModelType::kLogistic ? std::min(events, others) : events;
  if (smallest < guards.min_events) {
    return Status::PermissionDenied(std::to_string(smallest) +
                                    (spec.type == ModelType::kCox ? " events" : " cases in the smaller outcome class") +
                                    ", below this site's minimum of " + std::to_string(guards.min_events));
  }
  const double ratio = static_cast<double>(spec.parameters()) / static_cast<double>(rows);
  if (ratio > guards.max_parameters_per_row) {
    char text[160];
    std::snprintf(text, sizeof text, "%zu parameters for %zu rows (%.3g per row) exceeds this site's maximum of %.3g",
                  spec.parameters(), rows, ratio, guards.max_parameters_per_row);
    return Status::PermissionDenied(text);
  }
  return Status::Ok();
}

}  // namespace radfed::model
