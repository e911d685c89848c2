#include "coordinator/report/html_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "tests/report/simulated_study.h"

namespace radfed::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

constexpr char kForestMarker[] = "width=\"10\" height=\"10\"";

std::string G4(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", v);
  return buffer;
}

const std::string kCoxSpec = std::string(testing::kLungCoxSpec) + R"yaml(validation: leave-one-site-out
)yaml";

const std::string kLogisticSpec = testing::kLungLogisticSpec;

// Real results, computed once from the lung cohort split over three sites.
const json& CoxResult() {
  static const json result = [] {
    auto r = testing::SimulateStudy(kCoxSpec, testing::LungTables());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json();
  }();
  return result;
}

const json& LogisticResult() {
  static const json result = [] {
    auto r = testing::SimulateStudy(kLogisticSpec, testing::LungTables());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json();
  }();
  return result;
}

std::string Render(const json& result, const std::string& spec = "", std::optional<AuditStatus> audit = {}) {
  ReportInput input{result, "result.json", spec, spec.empty() ? "" : "study.yaml", std::move(audit)};
  auto html = RenderHtmlReport(input);
  EXPECT_TRUE(html.ok()) << html.status().ToString();
  return html.ok() ? *html : "";
}

TEST(HtmlReportTest, CoxResultShowsEveryCoefficientWithItsHazardRatioAndInterval) {
  const json& result = CoxResult();
  ASSERT_EQ(result["coefficients"].size(), 3u) << result.dump(2);
  const std::string html = Render(result, kCoxSpec);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const json& c : result["coefficients"]) {
    const std::string term = c["term"];
    const double coef = c["coef"], low = c["ci_low"], high = c["ci_high"];
    // The row: term, coef, SE, HR, CI of the HR.
    const std::string row = "<td>" + term + "</td><td class=\"num\">" + G4(coef) + "</td><td class=\"num\">" +
                            G4(c["se"].get<double>()) + "</td><td class=\"num\">" + G4(std::exp(coef)) +
                            "</td><td class=\"num\">" + G4(std::exp(low)) + " – " + G4(std::exp(high)) + "</td>";
    EXPECT_THAT(html, HasSubstr(row)) << term;
  }
  EXPECT_THAT(html, HasSubstr("HR = exp(coef)"));
  EXPECT_THAT(html, HasSubstr("hazard ratio (log scale)"));
  // The forest plot has one square per term; the convergence chart one dot per evaluation.
  EXPECT_EQ(Count(html, kForestMarker), 3u);
  EXPECT_EQ(Count(html, "<circle"), result["convergence"].size());
  EXPECT_GE(result["convergence"].size(), 3u);
  // Spec shown verbatim (escaped), sites with their counts.
  EXPECT_THAT(html, HasSubstr("features: [age, sex, ph.ecog]"));
  for (const json& s : result["sites"]) {
    EXPECT_THAT(html, HasSubstr("<td>" + s["site"].get<std::string>() + "</td><td class=\"num\">" +
                                std::to_string(s["n"].get<int>()) + "</td><td class=\"num\">" +
                                std::to_string(s["events"].get<int>()) + "</td>"));
  }
  EXPECT_THAT(html, HasSubstr(G4(result["discrimination"]["c_index"].get<double>())));
  EXPECT_THAT(html, Not(HasSubstr("id=\"roc\"")));
}

TEST(HtmlReportTest, CoxResultHasSurvivalCurvesByRiskGroup) {
  const json& result = CoxResult();
  const json& km = result["survival_curves"];
  ASSERT_EQ(km["curves"].size(), 3u) << result.dump(2);
  const std::string html = Render(result);
  EXPECT_THAT(html, HasSubstr("id=\"survival\""));
  EXPECT_THAT(html, HasSubstr("<title>Kaplan–Meier curves by predicted risk group</title>"));
  EXPECT_EQ(Count(html, "class=\"km-curve\""), 3u);
  // One step (two vertices) per merged interval after the start.
  const size_t at = html.find("class=\"km-curve\"");
  const size_t points = html.find("points=\"", at);
  const std::string vertices = html.substr(points, html.find("\"/>", points) - points);
  EXPECT_EQ(static_cast<size_t>(std::count(vertices.begin(), vertices.end(), ',')), 2 * km["time"].size() - 1);
  for (const json& c : km["curves"]) {
    double events = 0;
    for (const json& e : c["events"]) events += e.get<double>();
    EXPECT_THAT(html, HasSubstr("<td>" + c["group"].get<std::string>() + "</td>"));
    EXPECT_THAT(html, HasSubstr("<td class=\"num\">" + std::to_string(c["patients"].get<int>()) +
                                "</td><td class=\"num\">" + std::to_string(static_cast<int>(events)) + "</td>"));
  }
  EXPECT_THAT(html, HasSubstr("&gt; " + G4(km["cutoffs"][1].get<double>())));
  EXPECT_THAT(Render(LogisticResult()), Not(HasSubstr("id=\"survival\"")));
}

TEST(HtmlReportTest, LeaveOneSiteOutTableListsEachHeldOutSite) {
  const json& result = CoxResult();
  ASSERT_TRUE(result.contains("validation"));
  const std::string html = Render(result);
  EXPECT_THAT(html, HasSubstr("Validation: leave one site out"));
  for (const json& fold : result["validation"]["sites"]) {
    EXPECT_THAT(html, HasSubstr("<tr><td>" + fold["site"].get<std::string>() + "</td><td class=\"num\">" +
                                std::to_string(fold["n"].get<int>()) + "</td><td class=\"num\">" +
                                G4(fold["c_index"].get<double>()) + "</td>"));
  }
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">" + G4(result["validation"]["mean"].get<double>()) + "</td>"));
  // Without --study the page lists what the result knows about the specification.
  EXPECT_THAT(html, HasSubstr("age, sex, ph.ecog"));
}

TEST(HtmlReportTest, LogisticResultHasOddsRatiosAndARocCurveFromTheHistogram) {
  const json& result = LogisticResult();
  const json& roc = result["discrimination"]["roc"];
  ASSERT_GE(roc.size(), 10u) << result["discrimination"].dump();
  EXPECT_EQ(roc.front(), json::array({0.0, 0.0}));
  EXPECT_EQ(roc.back(), json::array({1.0, 1.0}));
  // The trapezoidal area under the grouped curve is close to the pooled AUC.
  double area = 0;
  for (size_t k = 1; k < roc.size(); ++k) {
    area += (roc[k][0].get<double>() - roc[k - 1][0].get<double>()) * (roc[k][1].get<double>() + roc[k - 1][1].get<double>()) / 2;
  }
  EXPECT_NEAR(area, result["discrimination"]["auc"].get<double>(), 0.02);

  const std::string html = Render(result, kLogisticSpec);
  EXPECT_THAT(html, HasSubstr("OR = exp(coef)"));
  EXPECT_THAT(html, HasSubstr("<td>(Intercept)</td>"));
  EXPECT_EQ(Count(html, kForestMarker), 3u);  // the intercept is not in the forest plot
  EXPECT_THAT(html, HasSubstr("id=\"roc\""));
  // The ROC polyline has one vertex per point of the result.
  const size_t at = html.find("<title>ROC curve</title>");
  ASSERT_NE(at, std::string::npos);
  const size_t points = html.find("<polyline", at);
  const std::string vertices = html.substr(points, html.find("/>", points) - points);
  EXPECT_EQ(static_cast<size_t>(std::count(vertices.begin(), vertices.end(), ',')), roc.size());
  EXPECT_THAT(html, HasSubstr("No external validation"));
}

TEST(HtmlReportTest, EveryStringFromTheInputsIsEscaped) {
  json result = CoxResult();
  result["study"] = "<script>alert(1)</script>";
  result["coefficients"][0]["term"] = "<img src=x onerror=alert(2)>";
  result["sites"][0]["site"] = "a&b\"c";
  result["validation"]["sites"][0]["site"] = "<i>held</i>";
  const std::string html = Render(result, "name: '<script>x</script>'", AuditStatus{false, "log: <b>NOT</b> intact"});
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<i>")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("a&amp;b&quot;c"));
}

TEST(HtmlReportTest, AuditStatusIsStated) {
  const json& result = CoxResult();
  EXPECT_THAT(Render(result), HasSubstr("Not verified for this report"));
  EXPECT_THAT(Render(result, "", AuditStatus{true, "audit.log: intact (12 entries, 3 receipts verified)"}),
              HasSubstr("class=\"status ok\">Verified: audit.log: intact (12 entries, 3 receipts verified)"));
  EXPECT_THAT(Render(result, "", AuditStatus{false, "audit.log: NOT intact: entry 4: changed"}),
              HasSubstr("class=\"status bad\">NOT verified: audit.log: NOT intact: entry 4: changed"));
}

TEST(HtmlReportTest, StatisticsResultShowsThePooledColumns) {
  auto result = testing::SimulateStudy(R"yaml(name: lung-describe
type: statistics
columns: [age, ph.karno]
min_sites: 3
)yaml", testing::LungTables());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const std::string html = Render(*result);
  for (const char* column : {"age", "ph.karno"}) {
    const json& c = (*result)["columns"][column];
    EXPECT_THAT(html, HasSubstr(std::string("<td>") + column + "</td><td class=\"num\">" +
                                std::to_string(c["n"].get<int>()) + "</td><td class=\"num\">" +
                                std::to_string(c["missing"].get<int>()) + "</td><td class=\"num\">" +
                                G4(c["mean"].get<double>()) + "</td><td class=\"num\">" + G4(c["sd"].get<double>())));
  }
  EXPECT_THAT(html, HasSubstr("Pooled descriptive statistics"));
  EXPECT_THAT(html, Not(HasSubstr("<svg")));
}

TEST(HtmlReportTest, RejectsWhatIsNotAStudyResult) {
  for (const json& bad : {json::array({1, 2}), json{{"model", "svm"}, {"coefficients", json::array()}},
                          json{{"model", "cox"}}, json{{"type", "statistics"}}}) {
    auto html = RenderHtmlReport({bad, "x.json", "", "", std::nullopt});
    EXPECT_FALSE(html.ok()) << bad.dump();
    EXPECT_EQ(html.status().code(), StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace radfed::report
