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

// One risk group of a survival plot: values at each time of the plot's grid.
struct SurvivalSeries {
  std::string name;
  std::vector<double> survival;  // NaN where not estimated (the curve stops there)
  std::vector<double> at_risk;   // NaN where not known ("–")
};

// Survival curves as steps on [0, 1] against time (each value holds until the next time, then
// drops), one colour per group with a legend, and under the plot the number at risk of each group
// at the grid times, in the groups' colours (a time too close to the previously labelled one is
// skipped in that table so numbers do not overlap).
std::string SurvivalPlot(const std::vector<double>& time, const std::vector<SurvivalSeries>& groups,
                         std::string_view title, std::string_view time_label);

// "Nice" tick values covering [low, high] (about `count` of them, at 1, 2 or 5 × 10^k).
std::vector<double> NiceTicks(double low, double high, int count = 5);

}  // namespace radfed::report
