#include "coordinator/report/html_report.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "coordinator/report/svg_plots.h"

namespace radfed::report {
namespace {

using json = nlohmann::json;

// Readers that tolerate absent keys and never throw: a report shows what the result has.
std::optional<double> Number(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number()) return std::nullopt;
  return j[key].get<double>();
}

std::string String(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  if (j[key].is_string()) return j[key].get<std::string>();
  return j[key].dump();
}

const json& Child(const json& j, const char* key) {
  static const json kNull;
  return j.is_object() && j.contains(key) ? j[key] : kNull;
}

std::string Format(const char* format, double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

// Estimates to four significant digits; counts as integers; "–" for absent values.
std::string Fixed(std::optional<double> v, const char* format = "%.4g") {
  if (!v || !std::isfinite(*v)) return "–";
  return Format(format, *v);
}
std::string Count(std::optional<double> v) { return Fixed(v, "%.0f"); }
std::string PValue(std::optional<double> p) {
  if (!p || !std::isfinite(*p)) return "–";
  if (*p < 1e-4) return "&lt;0.0001";
  return Format("%.4f", *p);
}

std::string Cell(const std::string& html, bool numeric = true) {
  return numeric ? "<td class=\"num\">" + html + "</td>" : "<td>" + html + "</td>";
}

std::string Heading(const char* id, const char* title) {
  return std::string("<section id=\"") + id + "\"><h2>" + title + "</h2>";
}

const char kStyle[] = R"css(
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:2em auto;max-width:68em;color:#222;line-height:1.4;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0}th,td{padding:.25em .7em;border-bottom:1px solid #e2e2e2;text-align:left}
th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
pre{background:#f6f6f6;padding:.8em;overflow-x:auto;border:1px solid #e2e2e2}
.meta{color:#555}.plot{width:100%;max-width:42em;height:auto;display:block;margin:.6em 0}
.plot text{font-size:12px;fill:#222}.plot .tick{font-size:11px;fill:#444}.plot .axis-label{font-size:13px}
.status{padding:.5em .8em;border-radius:4px;display:inline-block}
.ok{background:#e3f4e8;border:1px solid #2e8b57}.bad{background:#fbe5e1;border:1px solid #c0392b}
.unknown{background:#f3f3f3;border:1px solid #999}.note{color:#555;font-size:.92em}
)css";

std::string SitesSection(const json& result) {
  std::string html = Heading("sites", "Participating sites");
  const json& sites = Child(result, "sites");
  if (!sites.is_array() || sites.empty()) return html + "<p>The result lists no sites.</p></section>";
  const bool counts = sites[0].is_object();
  html += counts ? "<table><tr><th>site</th><th>n (complete cases)</th><th>events</th></tr>"
                 : "<table><tr><th>site</th></tr>";
  for (const json& s : sites) {
    if (s.is_object()) {
      html += "<tr>" + Cell(HtmlEscape(String(s, "site")), false) + Cell(Count(Number(s, "n"))) +
              Cell(Count(Number(s, "events"))) + "</tr>";
    } else {
      html += "<tr>" + Cell(HtmlEscape(s.is_string() ? s.get<std::string>() : s.dump()), false) + "</tr>";
    }
  }
  if (counts) {
    html += "<tr><th>total</th>" + Cell(Count(Number(result, "n"))) + Cell(Count(Number(result, "events"))) + "</tr>";
  }
  return html + "</table></section>";
}

std::string CoefficientSection(const json& result, bool cox) {
  const char* ratio = cox ? "HR" : "OR";
  std::string html = Heading("coefficients", "Coefficients");
  const json& coefficients = Child(result, "coefficients");
  const bool standardized = !coefficients.empty() && coefficients[0].contains("coef_std");
  html += std::string("<table><tr><th>term</th><th>coef</th><th>SE</th><th>") + ratio + " = exp(coef)</th><th>95 % CI (" +
          ratio + ")</th><th>z</th><th>p</th>" + (standardized ? "<th>coef (std)</th><th>SE (std)</th>" : "") + "</tr>";
  std::vector<ForestRow> forest;
  for (const json& c : coefficients) {
    const std::string term = String(c, "term");
    const auto low = Number(c, "ci_low"), high = Number(c, "ci_high"), coef = Number(c, "coef");
    const std::optional<double> exp_low = low ? std::optional(std::exp(*low)) : std::nullopt;
    const std::optional<double> exp_high = high ? std::optional(std::exp(*high)) : std::nullopt;
    html += "<tr>" + Cell(HtmlEscape(term), false) + Cell(Fixed(coef)) + Cell(Fixed(Number(c, "se"))) +
            Cell(Fixed(Number(c, "exp_coef"))) + Cell(Fixed(exp_low) + " – " + Fixed(exp_high)) +
            Cell(Fixed(Number(c, "z"), "%.3f")) + Cell(PValue(Number(c, "p")));
    if (standardized) html += Cell(Fixed(Number(c, "coef_std"))) + Cell(Fixed(Number(c, "se_std")));
    html += "</tr>";
    // The intercept is a baseline odds, not an effect: it has no place among the ratios.
    if (term != "(Intercept)" && coef && exp_low && exp_high) {
      forest.push_back({term, std::exp(*coef), *exp_low, *exp_high});
    }
  }
  html += "</table>";
  html += std::string("<p class=\"note\">") +
          (cox ? "HR: hazard ratio per unit of the term" : "OR: odds ratio per unit of the term") +
          "; 95 % Wald intervals from the inverse of the securely aggregated Hessian; p two-sided.</p>";
  html += "<h3>Forest plot</h3>" + ForestPlot(forest, cox ? "hazard ratio (log scale)" : "odds ratio (log scale)");
  return html + "</section>";
}

std::string FitSection(const json& result, bool cox) {
  std::string html = Heading("fit", "Model fit");
  const auto loglik = Number(result, "loglik"), null = Number(result, "loglik_null");
  html += "<table>";
  html += "<tr><th>converged</th>" + Cell(Child(result, "converged").is_boolean()
                                             ? (result["converged"].get<bool>() ? "yes" : "<strong>no</strong>")
                                             : "–") + "</tr>";
  html += "<tr><th>iterations</th>" + Cell(Count(Number(result, "iterations"))) + "</tr>";
  html += "<tr><th>log-likelihood</th>" + Cell(Fixed(loglik, "%.6f")) + "</tr>";
  html += "<tr><th>log-likelihood (null model)</th>" + Cell(Fixed(null, "%.6f")) + "</tr>";
  if (loglik && null) html += "<tr><th>likelihood-ratio χ²</th>" + Cell(Fixed(2 * (*loglik - *null), "%.4f")) + "</tr>";
  if (auto penalized = Number(result, "penalized_loglik")) {
    html += "<tr><th>penalised log-likelihood</th>" + Cell(Fixed(penalized, "%.6f")) + "</tr>";
  }
  if (cox) html += "<tr><th>ties</th>" + Cell(HtmlEscape(String(result, "ties")), false) + "</tr>";
  html += "</table>";

  const json& d = Child(result, "discrimination");
  html += "<h3>Discrimination</h3><table>";
  if (cox) {
    html += "<tr><th>Harrell's C (within site strata)</th>" + Cell(Fixed(Number(d, "c_index"))) + "</tr>";
    html += "<tr><th>concordant / discordant / tied pairs</th>" +
            Cell(Count(Number(d, "concordant")) + " / " + Count(Number(d, "discordant")) + " / " +
                 Count(Number(d, "tied_risk"))) + "</tr>";
  } else {
    std::string exact = "";
    if (Child(d, "auc_exact").is_boolean()) {
      exact = d["auc_exact"].get<bool>() ? " (exact)" : " (histogram resolution " + Fixed(Number(d, "auc_resolution")) + ")";
    }
    html += "<tr><th>AUC</th>" + Cell(Fixed(Number(d, "auc")) + exact) + "</tr>";
    html += "<tr><th>positives / negatives</th>" +
            Cell(Count(Number(d, "positives")) + " / " + Count(Number(d, "negatives"))) + "</tr>";
  }
  html += "</table>";
  const json& calibration = Child(result, "calibration");
  html += "<h3>Calibration</h3>";
  if (calibration.contains("failed")) {
    html += "<p>The calibration fit failed: " + HtmlEscape(String(calibration, "failed")) + "</p>";
  } else {
    html += "<table><tr><th>calibration slope</th>" + Cell(Fixed(Number(calibration, "slope"))) + "</tr>";
    if (!cox) html += "<tr><th>calibration intercept</th>" + Cell(Fixed(Number(calibration, "intercept"))) + "</tr>";
    html += "</table><p class=\"note\">The outcome refitted on the linear predictor: slope 1" +
            std::string(cox ? "" : " and intercept 0") + " on the data the model was fitted on.</p>";
  }
  return html + "</section>";
}

std::string ConvergenceSection(const json& result) {
  const json& history = Child(result, "convergence");
  if (!history.is_array() || history.empty()) return "";
  Series s{"log-likelihood", {}, false};
  std::string table = "<table><tr><th>evaluation</th><th>log-likelihood</th></tr>";
  for (const json& h : history) {
    const auto k = Number(h, "evaluation"), ll = Number(h, "loglik");
    if (k && ll) s.points.emplace_back(*k, *ll);
    table += "<tr>" + Cell(Count(k)) + Cell(Fixed(ll, "%.10g")) + "</tr>";
  }
  ChartOptions options{"Log-likelihood per round", "evaluation (round)", "log-likelihood", false, true};
  return Heading("convergence", "Convergence per round") + LineChart({s}, options) +
         "<details><summary>values</summary>" + table + "</table></details></section>";
}

std::string RocSection(const json& result) {
  const json& roc = Child(Child(result, "discrimination"), "roc");
  if (!roc.is_array() || roc.empty()) return "";
  Series s{"ROC", {}, false};
  for (const json& point : roc) {
    if (point.is_array() && point.size() == 2 && point[0].is_number() && point[1].is_number()) {
      s.points.emplace_back(point[0].get<double>(), point[1].get<double>());
    }
  }
  ChartOptions options{"ROC curve", "1 − specificity (false-positive rate)", "sensitivity (true-positive rate)", true,
                       false};
  return Heading("roc", "ROC curve") + LineChart({s}, options) +
         "<p class=\"note\">From the securely summed histograms of predicted probabilities; each step "
         "groups at least five patients.</p></section>";
}

// Numbers of a JSON list; anything else (null: not estimated) becomes NaN.
std::vector<double> Numbers(const json& list) {
  std::vector<double> out;
  if (!list.is_array()) return out;
  for (const json& v : list) out.push_back(v.is_number() ? v.get<double>() : NAN);
  return out;
}

std::string SurvivalSection(const json& result) {
  const json& km = Child(result, "survival_curves");
  const json& curves = Child(km, "curves");
  if (!curves.is_array() || curves.empty()) return "";
  const std::vector<double> time = Numbers(Child(km, "time"));
  const std::vector<double> cutoffs = Numbers(Child(km, "cutoffs"));
  auto cutoff = [&](size_t i) { return i < cutoffs.size() ? std::optional(cutoffs[i]) : std::nullopt; };
  std::vector<SurvivalSeries> groups;
  std::string table = "<table><tr><th>risk group</th><th>linear predictor</th><th>patients</th><th>events</th>"
                      "<th>censored</th><th>survival at " + Fixed(time.empty() ? std::nullopt : std::optional(time.back())) +
                      "</th></tr>";
  for (const json& c : curves) {
    const std::string group = String(c, "group");
    groups.push_back({group, Numbers(Child(c, "survival")), Numbers(Child(c, "at_risk"))});
    double events = 0, censored = 0;
    for (double v : Numbers(Child(c, "events"))) events += v;
    for (double v : Numbers(Child(c, "censored"))) censored += v;
    std::string range = "–";
    if (group == "low") range = "≤ " + Fixed(cutoff(0));
    if (group == "intermediate") range = Fixed(cutoff(0)) + " – " + Fixed(cutoff(1));
    if (group == "high") range = "&gt; " + Fixed(cutoff(1));
    const std::vector<double>& survival = groups.back().survival;
    table += "<tr>" + Cell(HtmlEscape(group), false) + Cell(range) + Cell(Count(Number(c, "patients"))) +
             Cell(Count(events)) + Cell(Count(censored)) +
             Cell(Fixed(survival.empty() ? std::nullopt : std::optional(survival.back()), "%.3f")) + "</tr>";
  }
  return Heading("survival", "Survival by predicted risk group") +
         SurvivalPlot(time, groups, "Kaplan–Meier curves by predicted risk group", "time (unit of the follow-up time)") +
         table + "</table><p class=\"note\">Risk groups: tertiles of the linear predictor x · coef over all sites, "
         "to the resolution of a pooled histogram. Survival: actuarial life-table estimate from the events, "
         "censorings and numbers at risk per group and time interval that the sites sent through secure "
         "aggregation, on a grid of " + Count(Number(km, "intervals")) + " intervals up to " +
         Fixed(Number(km, "horizon")) + "; intervals were merged until every step of a curve and every number at risk describes none or at "
         "least " + Count(Number(km, "min_patients")) + " patients, so no step shows one patient's outcome.</p></section>";
}

std::string ValidationSection(const json& result) {
  const json& v = Child(result, "validation");
  if (!v.is_object()) {
    return Heading("validation", "Validation") +
           "<p>No external validation in this study (<code>validation: none</code>).</p></section>";
  }
  const std::string metric = String(v, "metric");
  const char* metric_name = metric == "auc" ? "AUC" : "Harrell's C";
  std::string html = Heading("validation", "Validation: leave one site out") +
                     "<p>For each site: the model fitted on all other sites, evaluated on this site alone.</p>"
                     "<table><tr><th>held-out site</th><th>n</th><th>" + std::string(metric_name) +
                     "</th><th>calibration slope</th><th>fit converged</th></tr>";
  for (const json& f : Child(v, "sites")) {
    const json& calibration = Child(f, "calibration");
    html += "<tr>" + Cell(HtmlEscape(String(f, "site")), false) + Cell(Count(Number(f, "n"))) +
            Cell(Fixed(Number(f, metric.c_str()))) + Cell(Fixed(Number(calibration, "slope"))) +
            Cell(Child(f, "converged").is_boolean() ? (f["converged"].get<bool>() ? "yes" : "no") : "–", false) + "</tr>";
  }
  html += "</table><table><tr><th>mean</th><th>SD</th><th>min</th><th>max</th></tr><tr>" + Cell(Fixed(Number(v, "mean"))) +
          Cell(Fixed(Number(v, "sd"))) + Cell(Fixed(Number(v, "min"))) + Cell(Fixed(Number(v, "max"))) + "</tr></table>";
  return html + "</section>";
}

std::string StatisticsTable(const json& columns) {
  std::string html = "<table><tr><th>column</th><th>n</th><th>missing</th><th>mean</th><th>SD</th><th>min</th><th>max</th></tr>";
  for (const auto& [name, c] : columns.items()) {
    html += "<tr>" + Cell(HtmlEscape(name), false) + Cell(Count(Number(c, "n"))) + Cell(Count(Number(c, "missing"))) +
            Cell(Fixed(Number(c, "mean"))) + Cell(Fixed(Number(c, "sd"))) + Cell(Fixed(Number(c, "min"))) +
            Cell(Fixed(Number(c, "max"))) + "</tr>";
  }
  return html + "</table>";
}

std::string StatisticsSection(const json& result) {
  std::string html = Heading("statistics", "Pooled descriptive statistics");
  html += "<p>Rows: " + Count(Number(result, "rows")) + "; used: " + Count(Number(result, "rows_used")) +
          (Child(result, "complete_cases").is_boolean() && result["complete_cases"].get<bool>()
               ? " (complete cases over all columns)"
               : " (each column on its own)") +
          ".</p>";
  html += StatisticsTable(Child(result, "columns"));
  const json& groups = Child(result, "groups");
  if (groups.is_object()) {
    for (const auto& [name, g] : groups.items()) {
      html += "<h3>Group " + HtmlEscape(name) + "</h3><p>Rows: " + Count(Number(g, "rows")) + "; used: " +
              Count(Number(g, "rows_used")) + ".</p>" + StatisticsTable(Child(g, "columns"));
    }
  }
  return html + "</section>";
}

std::string SpecSection(const ReportInput& input, const json& result) {
  std::string html = Heading("specification", "Study specification");
  if (!input.spec_yaml.empty()) {
    return html + "<p class=\"meta\">" + HtmlEscape(input.spec_source) + "</p><pre>" + HtmlEscape(input.spec_yaml) +
           "</pre></section>";
  }
  html += "<p class=\"note\">The specification file was not given (<code>--study</code>); from the result:</p><table>";
  for (const char* key : {"study", "type", "model", "ties"}) {
    if (result.contains(key)) html += std::string("<tr><th>") + key + "</th>" + Cell(HtmlEscape(String(result, key)), false) + "</tr>";
  }
  if (const json& c = Child(result, "coefficients"); c.is_array()) {
    std::string terms;
    for (const json& row : c) terms += (terms.empty() ? "" : ", ") + String(row, "term");
    html += "<tr><th>terms</th>" + Cell(HtmlEscape(terms), false) + "</tr>";
  }
  if (result.contains("validation")) html += "<tr><th>validation</th>" + Cell(HtmlEscape(String(result["validation"], "method")), false) + "</tr>";
  return html + "</table></section>";
}

std::string AuditSection(const std::optional<AuditStatus>& audit) {
  std::string html = Heading("audit", "Audit log verification");
  if (!audit) {
    return html + "<p class=\"status unknown\">Not verified for this report (give <code>--audit-log</code> and "
                  "<code>--ca</code>, or <code>--audit-status</code>).</p></section>";
  }
  return html + "<p class=\"status " + (audit->intact ? "ok\">Verified: " : "bad\">NOT verified: ") +
         HtmlEscape(audit->verdict) + "</p></section>";
}

}  // namespace

Result<std::string> RenderHtmlReport(const ReportInput& input) {
  const json& result = input.result;
  if (!result.is_object()) return Status::InvalidArgument("the result is not a JSON object");
  const bool statistics = String(result, "type") == "statistics";
  const std::string model = String(result, "model");
  if (!statistics) {
    if (model != "cox" && model != "logistic") {
      return Status::InvalidArgument("not a study result: key 'model' must be cox or logistic, or 'type' statistics");
    }
    if (!Child(result, "coefficients").is_array()) {
      return Status::InvalidArgument("model result without a 'coefficients' list");
    }
  } else if (!Child(result, "columns").is_object()) {
    return Status::InvalidArgument("statistics result without a 'columns' object");
  }
  const bool cox = model == "cox";
  const std::string name = String(result, "study");
  const std::string kind = statistics ? "descriptive statistics" : cox ? "Cox proportional-hazards model" : "logistic regression";

  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>radfed report: " + HtmlEscape(name) + "</title><style>" + kStyle + "</style></head><body>";
  html += "<h1>" + HtmlEscape(name.empty() ? "(unnamed study)" : name) + "</h1>";
  html += "<p class=\"meta\">" + HtmlEscape(kind) + " fitted by radfed across sites under secure aggregation";
  if (result.contains("study_id")) html += "; study id " + HtmlEscape(String(result, "study_id"));
  html += "; result " + HtmlEscape(input.result_source) + "</p>";
  if (!statistics) {
    html += "<p>n = " + Count(Number(result, "n")) + ", events = " + Count(Number(result, "events")) + ", " +
            (Child(result, "converged").is_boolean() && result["converged"].get<bool>() ? "converged" : "NOT converged") +
            " in " + Count(Number(result, "iterations")) + " iterations.</p>";
  }
  html += SpecSection(input, result);
  html += SitesSection(result);
  if (statistics) {
    html += StatisticsSection(result);
  } else {
    html += CoefficientSection(result, cox);
    html += FitSection(result, cox);
    html += ConvergenceSection(result);
    html += RocSection(result);
    html += SurvivalSection(result);
    html += ValidationSection(result);
  }
  html += AuditSection(input.audit);
  html += "<footer class=\"note\"><p>Every number on this page was computed from sums over sites; no patient's "
          "data left a site.</p></footer></body></html>\n";
  return html;
}

}  // namespace radfed::report
