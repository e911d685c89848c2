#include "common/model/expression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace radfed::model {
namespace {

Result<std::vector<double>> Eval(const std::string& text, std::map<std::string, std::vector<double>> cols) {
  RADFED_ASSIGN_OR_RETURN(Expression e, Expression::Parse(text));
  const size_t rows = cols.empty() ? 1 : cols.begin()->second.size();
  return e.Evaluate(rows, [&](const std::string& name) -> Result<std::vector<double>> {
    auto it = cols.find(name);
    if (it == cols.end()) return Status::NotFound("column '" + name + "' missing");
    return it->second;
  });
}

TEST(ExpressionTest, PrecedenceAndAssociativity) {
  EXPECT_DOUBLE_EQ((*Eval("1 + 2 * 3", {}))[0], 7);
  EXPECT_DOUBLE_EQ((*Eval("(1 + 2) * 3", {}))[0], 9);
  EXPECT_DOUBLE_EQ((*Eval("2^3^2", {}))[0], 512);  // right-associative, as in R
  EXPECT_DOUBLE_EQ((*Eval("-2^2", {}))[0], -4);    // as in R: -(2^2)
  EXPECT_DOUBLE_EQ((*Eval("10 / 4 - 1", {}))[0], 1.5);
}

TEST(ExpressionTest, ColumnsWithDotsFunctionsAndBackquotes) {
  auto v = Eval("log(MeshVolume) + ph.ecog/2 + `weird name`", {{"MeshVolume", {std::exp(1.0), 1}},
                                                               {"ph.ecog", {2, 4}},
                                                               {"weird name", {10, 20}}});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_DOUBLE_EQ((*v)[0], 1 + 1 + 10);
  EXPECT_DOUBLE_EQ((*v)[1], 0 + 2 + 20);
  auto e = Expression::Parse("log(MeshVolume) + ph.ecog");
  EXPECT_EQ(e->columns(), (std::set<std::string>{"MeshVolume", "ph.ecog"}));
  EXPECT_FALSE(e->IsColumn());
  EXPECT_TRUE(Expression::Parse("age")->IsColumn());
}

TEST(ExpressionTest, MissingPropagatesAndDomainErrorsAreCounted) {
  auto v = Eval("sqrt(x)", {{"x", {4, NAN}}});
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ((*v)[0], 2);
  EXPECT_TRUE(std::isnan((*v)[1]));
  auto bad = Eval("log(x)", {{"x", {1, 0, -3}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "term 'log(x)' is undefined (e.g. log of a value <= 0) for 2 of 3 rows");
}

TEST(ExpressionTest, SyntaxErrorsSayWhere) {
  EXPECT_EQ(Expression::Parse("log(x").status().message(), "term 'log(x': expected ')' at position 6");
  EXPECT_NE(Expression::Parse("system(x)").status().message().find("unknown function 'system'"), std::string::npos);
  EXPECT_FALSE(Expression::Parse("x +").ok());
  EXPECT_FALSE(Expression::Parse("x y").ok());
  EXPECT_FALSE(Expression::Parse("").ok());
  EXPECT_EQ(Eval("age", {{"sex", {1}}}).status().code(), StatusCode::kNotFound);
}

TEST(ExpressionTest, OverlongTermIsRefusedBeforeRecursingThroughIt) {
  const std::string deep = std::string(20000, '(') + "x" + std::string(20000, ')');
  EXPECT_EQ(Expression::Parse(deep).status().message(), "term of 40001 characters: at most 1000 are allowed");
  EXPECT_TRUE(Expression::Parse(std::string(100, '(') + "x" + std::string(100, ')')).ok());
}

}  // namespace
}  // namespace radfed::model
