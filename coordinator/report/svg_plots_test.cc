#include "coordinator/report/svg_plots.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

namespace radfed::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

TEST(HtmlEscapeTest, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tom's & Jerry</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("plain ü"), "plain ü");
}

TEST(NiceTicksTest, StepsOfOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_EQ(NiceTicks(0, 1, 5), (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
  const std::vector<double> t = NiceTicks(-231.7, -228.1, 5);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_DOUBLE_EQ(t.front(), -231);
  EXPECT_DOUBLE_EQ(t.back(), -229);
  EXPECT_EQ(NiceTicks(3, 3), std::vector<double>{3});
  EXPECT_TRUE(NiceTicks(0, NAN).empty());
}

TEST(NiceTicksTest, RangeBelowTheResolutionOfItsMagnitudeGetsItsEnds) {
  // Adding the step to -1e17 changes nothing: a loop stepping through the range never ended.
  EXPECT_EQ(NiceTicks(-1e17 - 16, -1e17, 5), (std::vector<double>{-1e17 - 16, -1e17}));
  EXPECT_EQ(NiceTicks(1e300, 1.0000000000000002e300, 5).size(), 2u);
}

TEST(ForestPlotTest, OneMarkerAndWhiskerPerFiniteRowAndANoEffectLine) {
  const std::string svg = ForestPlot({{"age", 1.01, 0.99, 1.03}, {"sex", 0.6, 0.4, 0.85}, {"bad", NAN, 1, 2}},
                                     "hazard ratio");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_THAT(svg, HasSubstr("viewBox="));
  EXPECT_EQ(Count(svg, "<rect"), 2u);  // the NaN row is left out
  EXPECT_THAT(svg, HasSubstr(">age<"));
  EXPECT_THAT(svg, HasSubstr(">sex<"));
  EXPECT_THAT(svg, Not(HasSubstr(">bad<")));
  EXPECT_THAT(svg, HasSubstr("stroke-dasharray"));  // the line at 1
  // The square of 'sex' (0.6) lies left of the one of 'age' (1.01) on the log axis.
  std::smatch m;
  const std::regex rect("<rect x=\"([0-9.]+)\"");
  std::vector<double> xs;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator(); ++it) {
    xs.push_back(std::stod((*it)[1]));
  }
  ASSERT_EQ(xs.size(), 2u);
  EXPECT_GT(xs[0], xs[1]);
}

TEST(ForestPlotTest, LabelsAreEscaped) {
  const std::string svg = ForestPlot({{"<b>x</b>", 2, 1, 4}}, "odds <ratio>");
  EXPECT_THAT(svg, Not(HasSubstr("<b>")));
  EXPECT_THAT(svg, HasSubstr("&lt;b&gt;x&lt;/b&gt;"));
  EXPECT_THAT(svg, HasSubstr("odds &lt;ratio&gt;"));
}

TEST(ForestPlotTest, LongLabelsWidenTheLabelColumnSoNothingIsClipped) {
  const std::string label(40, 'g');
  const std::string svg = ForestPlot({{label, 2, 1, 4}}, "hazard ratio");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex("<text x=\"([0-9.]+)\"[^>]*text-anchor=\"end\"[^>]*>" + label)));
  // Right-aligned at x: the label starts about 7 px per character further left, inside the picture.
  EXPECT_GT(std::stod(m[1]) - 7.0 * static_cast<double>(label.size()), 0.0);
}

TEST(LineChartTest, PolylineHasOneVertexPerPointOrTwoPerStep) {
  Series line{"ll", {{1, -240}, {2, -230}, {3, -229.5}}, false};
  Series steps{"km", {{0, 1}, {5, 0.8}, {9, 0.5}}, true};
  const std::string svg = LineChart({line, steps}, {"chart", "x", "y", false, true});
  const std::regex poly("points=\"([^\"]*)\"");
  std::vector<size_t> vertices;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), poly); it != std::sregex_iterator(); ++it) {
    const std::string points = (*it)[1];
    vertices.push_back(static_cast<size_t>(std::count(points.begin(), points.end(), ',')));
  }
  EXPECT_EQ(vertices, (std::vector<size_t>{3, 5}));
  EXPECT_EQ(Count(svg, "<circle"), 6u);  // markers
  EXPECT_THAT(svg, HasSubstr(">km<"));     // legend with two series
}

TEST(LineChartTest, UnitSquareDrawsTheDiagonalAndEmptyDataSaysSo) {
  const std::string roc = LineChart({{"roc", {{0, 0}, {0.2, 0.7}, {1, 1}}, false}}, {"ROC", "fpr", "tpr", true, false});
  EXPECT_THAT(roc, HasSubstr("stroke-dasharray"));
  EXPECT_THAT(LineChart({{"x", {{NAN, 1}}, false}}, {"t", "x", "y", false, false}), HasSubstr("no data to draw"));
}

TEST(SurvivalPlotTest, StepsDropAtEachTimeOnAUnitSurvivalAxisWithTheNumberAtRiskBelow) {
  const std::string svg = SurvivalPlot({0, 100, 200, 400},
                                       {{"low", {1, 0.75, 0.5, 0.25}, {40, 30, 20, 10}},
                                        {"high", {1, 0.5, NAN, NAN}, {40, 20, 0, 0}}},
                                       "KM", "days");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  const std::regex poly("class=\"km-curve\"[^>]*points=\"([^\"]*)\"");
  std::vector<std::vector<std::pair<double, double>>> curves;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), poly); it != std::sregex_iterator(); ++it) {
    std::vector<std::pair<double, double>> vertices;
    const std::string points = (*it)[1];
    const std::regex pair("([0-9.]+),([0-9.]+)");
    for (auto p = std::sregex_iterator(points.begin(), points.end(), pair); p != std::sregex_iterator(); ++p) {
      vertices.emplace_back(std::stod((*p)[1]), std::stod((*p)[2]));
    }
    curves.push_back(vertices);
  }
  ASSERT_EQ(curves.size(), 2u);
  // Two vertices per step: along at the old value, then down; the second curve stops where its
  // survival is no longer estimated.
  ASSERT_EQ(curves[0].size(), 7u);
  ASSERT_EQ(curves[1].size(), 3u);
  const auto& low = curves[0];
  const double x0 = low[0].first, y1 = low[0].second, width = low[6].first - x0;
  EXPECT_GT(width, 0);
  EXPECT_NEAR(low[1].first - x0, width / 4, 0.01);  // t = 100 of 400
  EXPECT_DOUBLE_EQ(low[1].second, y1);               // holds 1 until t = 100 ...
  EXPECT_DOUBLE_EQ(low[2].first, low[1].first);      // ... then drops to 0.75
  const double unit = (low[2].second - y1) / 0.25;  // pixels per unit of survival
  EXPECT_GT(unit, 0);
  EXPECT_NEAR(low[6].second, y1 + 0.75 * unit, 0.02);
  EXPECT_NEAR(curves[1][2].second, y1 + 0.5 * unit, 0.02);
  // Legend and the at-risk table, one row per group in its colour.
  EXPECT_THAT(svg, HasSubstr(">low<"));
  EXPECT_THAT(svg, HasSubstr(">high<"));
  EXPECT_THAT(svg, HasSubstr(">at risk<"));
  EXPECT_EQ(Count(svg, "class=\"at-risk\""), 8u);
  EXPECT_THAT(svg, HasSubstr("class=\"at-risk\" style=\"fill:#1f5fa8\">40<"));
  EXPECT_THAT(svg, HasSubstr("class=\"at-risk\" style=\"fill:#c0392b\">20<"));
}

TEST(SurvivalPlotTest, AtRiskColumnsTooCloseTogetherAreSkippedAndNamesEscaped) {
  const std::string svg = SurvivalPlot({0, 1, 6000, 12000}, {{"<g>", {1, 0.9, 0.8, 0.7}, {12000, 11000, 10000, NAN}}},
                                       "KM", "days");
  // t = 1 is a pixel from t = 0: its column is left out.
  EXPECT_EQ(Count(svg, "class=\"at-risk\""), 3u);
  EXPECT_THAT(svg, HasSubstr(">12000<"));  // counts are whole numbers, never 1.2e+04
  EXPECT_THAT(svg, Not(HasSubstr(">11000<")));
  EXPECT_THAT(svg, HasSubstr(">–<"));
  EXPECT_THAT(svg, HasSubstr("&lt;g&gt;"));
  EXPECT_THAT(svg, Not(HasSubstr("<g>")));
  EXPECT_THAT(SurvivalPlot({0}, {}, "KM", "days"), HasSubstr("no survival curves to draw"));
}

}  // namespace
}  // namespace radfed::report
