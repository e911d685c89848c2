// RenderHtmlReport: the study report an operator hands to clinicians, as one self-contained
// HTML page (inline CSS and inline SVG; no scripts, fonts or network access needed to view it).
//
// It shows what the result of `radfed study run --out` holds and nothing else: the study
// specification, the participating sites (n, events), for model studies the coefficient table with
// hazard or odds ratios and 95 % confidence intervals, a forest plot, the log-likelihood of every
// Newton/IRLS evaluation, the ROC curve (logistic, from the pooled score histogram), survival
// curves by predicted risk group (Cox, from pooled life-table counts), discrimination,
// calibration and leave-one-site-out validation; for statistics studies the pooled column table.
// Everything in the result is already aggregated over sites, so the page holds no patient's data.
// Every string taken from the inputs is HTML-escaped.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "common/status.h"

namespace radfed::report {

// The outcome of verifying the audit log, as `radfed audit verify` states it.
struct AuditStatus {
  bool intact = false;
  std::string verdict;  // e.g. "audit.log: intact (42 entries, 3 receipts verified)"
};

struct ReportInput {
  nlohmann::json result;      // a study result (model or statistics)
  std::string result_source;  // where it came from, shown on the page
  std::string spec_yaml;      // the study specification as submitted; empty if not given
  std::string spec_source;
  std::optional<AuditStatus> audit;  // absent: the page says the log was not verified
};

// InvalidArgument when `result` is not a model or statistics result (the message names the
// missing or mistyped key); the caller adds the file name.
Result<std::string> RenderHtmlReport(const ReportInput& input);

}  // namespace radfed::report
