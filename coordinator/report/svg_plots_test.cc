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

}  // namespace
}  // namespace radfed::report
