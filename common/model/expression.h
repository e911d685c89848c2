// Expression: a model term computed at the site from its columns, written as R writes terms.
//
// Studies name features as columns (`age`) or as expressions over columns (`log(MeshVolume)`,
// `age/10`, `x^2`); the expression text is the term's name in results, as in R. Sites evaluate
// them on their own rows, so derived columns need no preparation at the hospital.
//
// Grammar: numbers, column names (letters, digits, '.', '_'; or `backquoted` for any other name),
// + - * / ^ (right-associative), unary minus, parentheses, and the functions log, log2, log10,
// exp, sqrt, abs. No other code is evaluated.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::model {

class Expression {
 public:
  // Longest term accepted; far beyond any real formula, short enough to keep recursion shallow.
  static constexpr size_t kMaxLength = 1000;

  // Parses `text`; errors say where and what was expected.
  static Result<Expression> Parse(const std::string& text);

  const std::string& text() const { return text_; }
  // The columns the expression reads.
  const std::set<std::string>& columns() const { return columns_; }
  // True when the expression is just one column.
  bool IsColumn() const;

  // Evaluates for every row; `column(name)` gives that column's values (NaN = missing; missing in
  // gives missing out). Errors: a value outside a function's domain (log of 0, sqrt of -1),
  // reported as a count of rows, never with values.
  Result<std::vector<double>> Evaluate(
      size_t rows, const std::function<Result<std::vector<double>>(const std::string&)>& column) const;

  struct Node;

 private:
  std::string text_;
  std::set<std::string> columns_;
  std::shared_ptr<const Node> root_;
};

}  // namespace radfed::model
