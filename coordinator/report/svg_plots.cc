#include "coordinator/report/svg_plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace radfed::report {
namespace {

// Drawing coordinates: two decimals are far below a pixel.
std::string Coord(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

// Tick and value labels: four significant digits, no trailing noise.
std::string Label(double v) {
  if (std::fabs(v) < 1e-12) v = 0;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", v);
  return buffer;
}

// Counts of patients, never in exponent notation.
std::string Whole(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", v);
  return buffer;
}

const char* const kColours[] = {"#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085"};

std::string Colour(size_t i) { return kColours[i % (sizeof kColours / sizeof kColours[0])]; }

std::string Open(double width, double height, std::string_view title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Coord(width) + " " + Coord(height) +
         "\" role=\"img\" aria-label=\"" + HtmlEscape(title) + "\" class=\"plot\"><title>" + HtmlEscape(title) +
         "</title>";
}

std::string Text(double x, double y, std::string_view text, std::string_view anchor, std::string_view extra = "") {
  return "<text x=\"" + Coord(x) + "\" y=\"" + Coord(y) + "\" text-anchor=\"" + std::string(anchor) + "\"" +
         std::string(extra) + ">" + HtmlEscape(text) + "</text>";
}

std::string Line(double x1, double y1, double x2, double y2, std::string_view style) {
  return "<line x1=\"" + Coord(x1) + "\" y1=\"" + Coord(y1) + "\" x2=\"" + Coord(x2) + "\" y2=\"" + Coord(y2) +
         "\" " + std::string(style) + "/>";
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<double> NiceTicks(double low, double high, int count) {
  if (!std::isfinite(low) || !std::isfinite(high)) return {};
  if (high < low) std::swap(low, high);
  if (high == low) return {low};
  const double raw = (high - low) / std::max(1, count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  const double first = std::ceil(low / step - 1e-9);
  const double last = std::floor(high / step + 1e-9);
  // A range below the resolution of doubles at its magnitude (a log-likelihood near -1e17 that
  // moves by 1) has no distinct ticks inside it: label its ends.
  if (low + step == low || !(last - first <= 4.0 * std::max(1, count))) return {low, high};
  std::vector<double> ticks;
  for (double k = first; k <= last; k += 1) ticks.push_back(k * step);
  return ticks;
}

std::string ForestPlot(const std::vector<ForestRow>& input, std::string_view axis_label) {
  std::vector<ForestRow> rows;
  for (const ForestRow& r : input) {
    if (std::isfinite(r.estimate) && std::isfinite(r.low) && std::isfinite(r.high) && r.low > 0 && r.high > 0 &&
        r.estimate > 0) {
      rows.push_back(r);
    }
  }
  // Labels are right-aligned against the plot; wide enough for the longest (about 7 px per
  // character at 12 px), so radiomic feature names are not clipped.
  size_t longest = 0;
  for (const ForestRow& r : rows) longest = std::max(longest, r.label.size());
  const double label_width = std::max(190.0, 16 + 7.2 * static_cast<double>(longest));
  const double plot_width = 420, right = 20, row_height = 26, top = 14, bottom = 46;
  const double height = top + row_height * static_cast<double>(std::max<size_t>(rows.size(), 1)) + bottom;
  std::string svg = Open(label_width + plot_width + right, height, std::string("Forest plot: ") + std::string(axis_label));
  if (rows.empty()) {
    return svg + Text(label_width, top + 16, "no finite estimates to draw", "start") + "</svg>";
  }
  // Log axis over the intervals and 1, padded a little.
  double lo = 1, hi = 1;
  for (const ForestRow& r : rows) {
    lo = std::min(lo, r.low);
    hi = std::max(hi, r.high);
  }
  double log_lo = std::log10(lo), log_hi = std::log10(hi);
  const double pad = std::max(0.05, (log_hi - log_lo) * 0.05);
  log_lo -= pad;
  log_hi += pad;
  auto x = [&](double v) { return label_width + (std::log10(v) - log_lo) / (log_hi - log_lo) * plot_width; };
  const double axis_y = top + row_height * static_cast<double>(rows.size());
  svg += Line(label_width, axis_y, label_width + plot_width, axis_y, "stroke=\"#333\"");
  // Ticks at 1, 2, 5 × 10^k inside the range.
  for (int e = static_cast<int>(std::floor(log_lo)); e <= static_cast<int>(std::ceil(log_hi)); ++e) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double v = m * std::pow(10.0, e);
      const double lv = std::log10(v);
      if (lv < log_lo || lv > log_hi) continue;
      svg += Line(x(v), axis_y, x(v), axis_y + 5, "stroke=\"#333\"");
      svg += Text(x(v), axis_y + 18, Label(v), "middle", " class=\"tick\"");
    }
  }
  svg += Line(x(1), top - 6, x(1), axis_y, "stroke=\"#777\" stroke-dasharray=\"4 3\"");
  svg += Text(label_width + plot_width / 2, axis_y + 38, axis_label, "middle", " class=\"axis-label\"");
  for (size_t i = 0; i < rows.size(); ++i) {
    const ForestRow& r = rows[i];
    const double y = top + row_height * (static_cast<double>(i) + 0.5);
    svg += Text(label_width - 10, y + 4, r.label, "end");
    svg += Line(x(r.low), y, x(r.high), y, "stroke=\"#1f5fa8\" stroke-width=\"2\"");
    svg += "<rect x=\"" + Coord(x(r.estimate) - 5) + "\" y=\"" + Coord(y - 5) +
           "\" width=\"10\" height=\"10\" fill=\"#1f5fa8\"><title>" + HtmlEscape(r.label) + ": " +
           Label(r.estimate) + " (" + Label(r.low) + "–" + Label(r.high) + ")</title></rect>";
  }
  return svg + "</svg>";
}

std::string SurvivalPlot(const std::vector<double>& time, const std::vector<SurvivalSeries>& groups,
                         std::string_view title, std::string_view time_label) {
  // Risk groups in order low, intermediate, high get green, amber and red, as readers of
  // survival plots expect; other groupings use the general palette.
  const auto colour = [&](size_t g) {
    static const char* const kRisk[] = {"#2e8b57", "#d68910", "#c0392b"};
    return groups.size() == 3 ? std::string(kRisk[g]) : Colour(g);
  };
  const double left = 110, right = 24, top = 14, plot_width = 460, plot_height = 240;
  const double axis = 48, legend_row = 20, table_title = 24, table_row = 18;
  const double legend_top = top + plot_height + axis;
  const double table_top = legend_top + legend_row * static_cast<double>(groups.size()) + table_title;
  const double height = table_top + table_row * static_cast<double>(groups.size()) + 8;
  std::string svg = Open(left + plot_width + right, height, title);
  double t_max = 0;
  for (double t : time)
    if (std::isfinite(t)) t_max = std::max(t_max, t);
  if (time.size() < 2 || !(t_max > 0) || groups.empty()) {
    return svg + Text(left, top + 16, "no survival curves to draw", "start") + "</svg>";
  }
  auto sx = [&](double t) { return left + t / t_max * plot_width; };
  auto sy = [&](double s) { return top + plot_height - s * plot_height; };

  svg += "<rect x=\"" + Coord(left) + "\" y=\"" + Coord(top) + "\" width=\"" + Coord(plot_width) + "\" height=\"" +
         Coord(plot_height) + "\" fill=\"none\" stroke=\"#333\"/>";
  for (double t : NiceTicks(0, t_max, 6)) {
    svg += Line(sx(t), top + plot_height, sx(t), top + plot_height + 5, "stroke=\"#333\"");
    svg += Text(sx(t), top + plot_height + 18, Label(t), "middle", " class=\"tick\"");
  }
  for (double s : NiceTicks(0, 1, 5)) {
    svg += Line(left - 5, sy(s), left, sy(s), "stroke=\"#333\"");
    svg += Line(left, sy(s), left + plot_width, sy(s), "stroke=\"#e4e4e4\"");
    svg += Text(left - 8, sy(s) + 4, Label(s), "end", " class=\"tick\"");
  }
  svg += Text(left + plot_width / 2, top + plot_height + 40, time_label, "middle", " class=\"axis-label\"");
  svg += Text(left - 46, top + plot_height / 2, "survival", "middle",
              " class=\"axis-label\" transform=\"rotate(-90 " + Coord(left - 46) + " " + Coord(top + plot_height / 2) +
                  ")\"");

  for (size_t g = 0; g < groups.size(); ++g) {
    const SurvivalSeries& group = groups[g];
    std::string points;
    for (size_t k = 0; k < time.size() && k < group.survival.size(); ++k) {
      const double s = group.survival[k];
      if (!std::isfinite(s) || !std::isfinite(time[k])) break;
      if (k > 0) points += Coord(sx(time[k])) + "," + Coord(sy(group.survival[k - 1])) + " ";
      points += Coord(sx(time[k])) + "," + Coord(sy(s)) + " ";
    }
    if (!points.empty()) {
      svg += "<polyline class=\"km-curve\" fill=\"none\" stroke=\"" + colour(g) + "\" stroke-width=\"2\" points=\"" +
             points + "\"/>";
    }
    const double ly = legend_top + legend_row * static_cast<double>(g) + 6;
    svg += Line(left, ly, left + 24, ly, "stroke=\"" + colour(g) + "\" stroke-width=\"3\"");
    svg += Text(left + 32, ly + 4, group.name, "start");
  }

  // Number at risk, at the grid times that leave room for a number.
  // Row names end well left of the column at time 0, whose numbers are centred on the axis.
  const double names_end = left - 26;
  svg += Text(names_end, table_top - 8, "at risk", "end", " class=\"axis-label\"");
  double last_x = -INFINITY;
  for (size_t k = 0; k < time.size(); ++k) {
    if (!std::isfinite(time[k]) || sx(time[k]) - last_x < 34) continue;
    last_x = sx(time[k]);
    for (size_t g = 0; g < groups.size(); ++g) {
      const double n = k < groups[g].at_risk.size() ? groups[g].at_risk[k] : NAN;
      svg += Text(last_x, table_top + table_row * static_cast<double>(g) + 4, std::isfinite(n) ? Whole(n) : "–",
                  "middle", " class=\"at-risk\" style=\"fill:" + colour(g) + "\"");
    }
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    svg += Text(names_end, table_top + table_row * static_cast<double>(g) + 4, groups[g].name, "end",
                " style=\"fill:" + colour(g) + "\"");
  }
  return svg + "</svg>";
}

std::string LineChart(const std::vector<Series>& input, const ChartOptions& options) {
  std::vector<Series> series;
  for (const Series& s : input) {
    Series kept{s.name, {}, s.steps};
    for (const auto& [px, py] : s.points)
      if (std::isfinite(px) && std::isfinite(py)) kept.points.emplace_back(px, py);
    if (!kept.points.empty()) series.push_back(std::move(kept));
  }
  const double left = 76, right = 20, top = 14, plot_width = 460, plot_height = 260;
  const double legend_height = series.size() > 1 ? 20.0 * static_cast<double>(series.size()) : 0.0;
  const double bottom = 48;
  std::string svg = Open(left + plot_width + right, top + plot_height + bottom + legend_height, options.title);
  if (series.empty()) return svg + Text(left, top + 16, "no data to draw", "start") + "</svg>";

  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  if (!options.unit_square) {
    x_lo = y_lo = INFINITY;
    x_hi = y_hi = -INFINITY;
    for (const Series& s : series) {
      for (const auto& [px, py] : s.points) {
        x_lo = std::min(x_lo, px), x_hi = std::max(x_hi, px);
        y_lo = std::min(y_lo, py), y_hi = std::max(y_hi, py);
      }
    }
    // Flat data still needs a span; pad the y range so lines do not run along the frame.
    if (x_hi == x_lo) x_lo -= 0.5, x_hi += 0.5;
    if (y_hi == y_lo) y_lo -= std::max(0.5, std::fabs(y_lo) * 0.01), y_hi += std::max(0.5, std::fabs(y_hi) * 0.01);
    const double pad = (y_hi - y_lo) * 0.05;
    y_lo -= pad;
    y_hi += pad;
  }
  auto sx = [&](double v) { return left + (v - x_lo) / (x_hi - x_lo) * plot_width; };
  auto sy = [&](double v) { return top + plot_height - (v - y_lo) / (y_hi - y_lo) * plot_height; };

  svg += "<rect x=\"" + Coord(left) + "\" y=\"" + Coord(top) + "\" width=\"" + Coord(plot_width) + "\" height=\"" +
         Coord(plot_height) + "\" fill=\"none\" stroke=\"#333\"/>";
  for (double t : NiceTicks(x_lo, x_hi, 6)) {
    svg += Line(sx(t), top + plot_height, sx(t), top + plot_height + 5, "stroke=\"#333\"");
    svg += Text(sx(t), top + plot_height + 18, Label(t), "middle", " class=\"tick\"");
  }
  for (double t : NiceTicks(y_lo, y_hi, 5)) {
    svg += Line(left - 5, sy(t), left, sy(t), "stroke=\"#333\"");
    svg += Line(left, sy(t), left + plot_width, sy(t), "stroke=\"#e4e4e4\"");
    svg += Text(left - 8, sy(t) + 4, Label(t), "end", " class=\"tick\"");
  }
  if (options.unit_square) {
    svg += Line(sx(0), sy(0), sx(1), sy(1), "stroke=\"#999\" stroke-dasharray=\"4 3\"");
  }
  svg += Text(left + plot_width / 2, top + plot_height + 40, options.x_label, "middle", " class=\"axis-label\"");
  svg += Text(16, top + plot_height / 2, options.y_label, "middle",
              " class=\"axis-label\" transform=\"rotate(-90 16 " + Coord(top + plot_height / 2) + ")\"");

  for (size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    std::string points;
    for (size_t k = 0; k < s.points.size(); ++k) {
      const auto& [px, py] = s.points[k];
      // A step function holds its value until the next x, then drops.
      if (s.steps && k > 0) points += Coord(sx(px)) + "," + Coord(sy(s.points[k - 1].second)) + " ";
      points += Coord(sx(px)) + "," + Coord(sy(py)) + " ";
    }
    svg += "<polyline fill=\"none\" stroke=\"" + Colour(i) + "\" stroke-width=\"2\" points=\"" + points + "\"/>";
    if (options.markers) {
      for (const auto& [px, py] : s.points) {
        svg += "<circle cx=\"" + Coord(sx(px)) + "\" cy=\"" + Coord(sy(py)) + "\" r=\"3\" fill=\"" + Colour(i) + "\"/>";
      }
    }
    if (series.size() > 1) {
      const double ly = top + plot_height + bottom + 20.0 * static_cast<double>(i) + 6;
      svg += Line(left, ly, left + 24, ly, "stroke=\"" + Colour(i) + "\" stroke-width=\"3\"");
      svg += Text(left + 32, ly + 4, s.name, "start");
    }
  }
  return svg + "</svg>";
}

}  // namespace radfed::report
