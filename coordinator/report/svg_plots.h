// Inline SVG charts for the study report: pure functions from numbers to SVG text.
//
// Every chart is a complete <svg> element with a viewBox, so it scales with the page and needs
// neither scripts nor external files. Text passed in (labels, series names) is HTML-escaped here.
// Non-finite values are left out of a chart rather than drawn at an arbitrary place.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace radfed::report {

// Escapes & < > " ' so that any string is safe inside HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

// One row of a forest plot: a ratio (HR or OR) and its 95 % confidence interval.
struct ForestRow {
  std::string label;
  double estimate = 1, low = 1, high = 1;
};

// Estimates as squares with CI whiskers on a log axis, a dashed line at 1 (no effect), and the
// label of each row at the left. `axis_label` names the ratio ("hazard ratio").
std::string ForestPlot(const std::vector<ForestRow>& rows, std::string_view axis_label);

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), in drawing order
  bool steps = false;                             // a step function (Kaplan–Meier), not a polyline
};

struct ChartOptions {
  std::string title;  // the chart's accessible name
  std::string x_label, y_label;
  bool unit_square = false;  // both axes on [0, 1] with the chance diagonal (ROC)
  bool markers = false;      // a dot at each point (few points, e.g. iterations)
};

// Lines of each series on shared linear axes, with ticks, axis labels and a legend when there is
// more than one series.
std::string LineChart(const std::vector<Series>& series, const ChartOptions& options);

// "Nice" tick values covering [low, high] (about `count` of them, at 1, 2 or 5 × 10^k).
std::vector<double> NiceTicks(double low, double high, int count = 5);

}  // namespace radfed::report
