#include "common/model/explanation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace radfed::model {
namespace {

nlohmann::json LogisticResult() {
  return nlohmann::json::parse(R"json({"model": "logistic", "coefficients": [
      {"term": "(Intercept)", "coef": -1.5}, {"term": "age", "coef": 0.02},
      {"term": "log(MeshVolume)", "coef": 0.5}]})json");
}

TEST(ExplanationTest, LogisticContributionsAddUpToTheProbability) {
  auto model = FittedModelFromResult(LogisticResult(), "result.json");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->terms, (std::vector<std::string>{"age", "log(MeshVolume)"}));
  auto e = Explain(*model, {60, std::log(1000.0)});
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(e->terms[0].contribution, 1.2);
  EXPECT_DOUBLE_EQ(e->terms[1].contribution, 0.5 * std::log(1000.0));
  const double lp = -1.5 + 1.2 + 0.5 * std::log(1000.0);
  EXPECT_DOUBLE_EQ(e->linear_predictor, lp);
  EXPECT_DOUBLE_EQ(e->risk, 1 / (1 + std::exp(-lp)));
  EXPECT_FALSE(e->terms[0].relative_to_mean.has_value());
}

TEST(ExplanationTest, CoxWithPooledMeansGivesTheHazardRatioAgainstTheAveragePatient) {
  auto result = nlohmann::json::parse(R"json({"model": "cox", "coefficients": [
      {"term": "age", "coef": 0.01}, {"term": "sex", "coef": -0.5}],
      "standardization": {"mean": [62, 1.4], "sd": [9, 0.5]}})json");
  auto model = FittedModelFromResult(result, "r.json");
  ASSERT_TRUE(model.ok());
  auto e = Explain(*model, {72, 2});
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(*e->terms[0].relative_to_mean, 0.1);
  EXPECT_DOUBLE_EQ(*e->terms[1].relative_to_mean, -0.5 * 0.6);
  EXPECT_TRUE(e->risk_relative_to_mean);
  EXPECT_DOUBLE_EQ(e->risk, std::exp(0.1 - 0.3));
  EXPECT_DOUBLE_EQ(e->linear_predictor, 0.72 - 1.0);
}

TEST(ExplanationTest, RefusesMissingValuesAndMalformedResults) {
  auto model = FittedModelFromResult(LogisticResult(), "result.json");
  ASSERT_TRUE(model.ok());
  auto missing = Explain(*model, {60, NAN});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("log(MeshVolume)"), std::string::npos);
  EXPECT_FALSE(Explain(*model, {60}).ok());

  auto statistics = FittedModelFromResult(nlohmann::json::parse(R"json({"study": "s", "columns": []})json"), "stats.json");
  ASSERT_FALSE(statistics.ok());
  EXPECT_NE(statistics.status().message().find("stats.json"), std::string::npos);
  auto bad_means = FittedModelFromResult(
      nlohmann::json::parse(R"json({"model": "cox", "coefficients": [{"term": "age", "coef": 1}],
                                "standardization": {"mean": [1, 2]}})json"), "r.json");
  EXPECT_FALSE(bad_means.ok());
  // Wrong types threw nlohmann::json::type_error out of `radfed-node explain`.
  for (const char* standardization : {"5", R"({"mean": ["x"]})", R"({"mean": 3})", "[]"}) {
    SCOPED_TRACE(standardization);
    auto result = nlohmann::json::parse(R"json({"model": "cox", "coefficients": [{"term": "age", "coef": 1}]})json");
    result["standardization"] = nlohmann::json::parse(standardization);
    auto typed = FittedModelFromResult(result, "r.json");
    ASSERT_FALSE(typed.ok());
    EXPECT_EQ(typed.status().message(), "r.json: standardization.mean is not a list of numbers");
  }
}

}  // namespace
}  // namespace radfed::model
