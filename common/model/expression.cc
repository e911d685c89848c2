#include "common/model/expression.h"

#include <cctype>
#include <cmath>
#include <functional>
#include <map>

namespace radfed::model {

struct Expression::Node {
  enum Kind { kNumber, kColumn, kNegate, kBinary, kCall } kind;
  double number = 0;
  std::string name;  // column or function
  char op = 0;
  std::shared_ptr<const Node> left, right;
};

namespace {

using NodePtr = std::shared_ptr<const Expression::Node>;

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  Result<NodePtr> ParseAll() {
    RADFED_ASSIGN_OR_RETURN(NodePtr node, Sum());
    Skip();
    if (pos_ != text_.size()) return Error("unexpected '" + std::string(1, text_[pos_]) + "'");
    return node;
  }
  std::set<std::string> columns;

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("term '" + text_ + "': " + what + " at position " + std::to_string(pos_ + 1));
  }
  void Skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Accept(char c) {
    Skip();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  static NodePtr Binary(char op, NodePtr l, NodePtr r) {
    auto n = std::make_shared<Expression::Node>();
    n->kind = Expression::Node::kBinary;
    n->op = op;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }
  Result<NodePtr> Sum() {
    RADFED_ASSIGN_OR_RETURN(NodePtr left, Product());
    for (;;) {
      if (Accept('+')) {
        RADFED_ASSIGN_OR_RETURN(NodePtr right, Product());
        left = Binary('+', left, right);
      } else if (Accept('-')) {
        RADFED_ASSIGN_OR_RETURN(NodePtr right, Product());
        left = Binary('-', left, right);
      } else {
        return left;
      }
    }
  }
  Result<NodePtr> Product() {
    RADFED_ASSIGN_OR_RETURN(NodePtr left, Unary());
    for (;;) {
      if (Accept('*')) {
        RADFED_ASSIGN_OR_RETURN(NodePtr right, Unary());
        left = Binary('*', left, right);
      } else if (Accept('/')) {
        RADFED_ASSIGN_OR_RETURN(NodePtr right, Unary());
        left = Binary('/', left, right);
      } else {
        return left;
      }
    }
  }
  Result<NodePtr> Unary() {
    if (Accept('-')) {
      RADFED_ASSIGN_OR_RETURN(NodePtr operand, Unary());
      auto n = std::make_shared<Expression::Node>();
      n->kind = Expression::Node::kNegate;
      n->left = operand;
      return NodePtr(n);
    }
    if (Accept('+')) return Unary();
    return Power();
  }
  Result<NodePtr> Power() {
    RADFED_ASSIGN_OR_RETURN(NodePtr base, Primary());
    if (Accept('^')) {
      RADFED_ASSIGN_OR_RETURN(NodePtr exponent, Unary());  // right-associative, binds tighter than unary on the left
      return Binary('^', base, exponent);
    }
    return base;
  }
  Result<NodePtr> Primary() {
    Skip();
    if (pos_ >= text_.size()) return Error("expression ends early");
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      RADFED_ASSIGN_OR_RETURN(NodePtr inner, Sum());
      if (!Accept(')')) return Error("expected ')'");
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && pos_ + 1 < text_.size() &&
                                                        std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      size_t used = 0;
      double value = 0;
      try {
        value = std::stod(text_.substr(pos_), &used);
      } catch (const std::exception&) {
        return Error("bad number");
      }
      pos_ += used;
      auto n = std::make_shared<Expression::Node>();
      n->kind = Expression::Node::kNumber;
      n->number = value;
      return NodePtr(n);
    }
    std::string name;
    if (c == '`') {
      const size_t end = text_.find('`', pos_ + 1);
      if (end == std::string::npos) return Error("unclosed backquote");
      name = text_.substr(pos_ + 1, end - pos_ - 1);
      pos_ = end + 1;
      if (name.empty()) return Error("empty column name");
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '.' || c == '_') {
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                     text_[pos_] == '.' || text_[pos_] == '_')) {
        name += text_[pos_++];
      }
    } else {
      return Error("unexpected '" + std::string(1, c) + "'");
    }
    if (Accept('(')) {
      static const std::set<std::string> kFunctions{"log", "log2", "log10", "exp", "sqrt", "abs"};
      if (!kFunctions.count(name)) return Error("unknown function '" + name + "' (known: log, log2, log10, exp, sqrt, abs)");
      RADFED_ASSIGN_OR_RETURN(NodePtr argument, Sum());
      if (!Accept(')')) return Error("expected ')'");
      auto n = std::make_shared<Expression::Node>();
      n->kind = Expression::Node::kCall;
      n->name = name;
      n->left = argument;
      return NodePtr(n);
    }
    columns.insert(name);
    auto n = std::make_shared<Expression::Node>();
    n->kind = Expression::Node::kColumn;
    n->name = name;
    return NodePtr(n);
  }

  const std::string& text_;
  size_t pos_ = 0;
};

// Evaluates `node` on row `r`; domain errors are counted in `*domain_errors` and give NaN.
double Eval(const Expression::Node& node, size_t r, const std::map<std::string, std::vector<double>>& cols,
            size_t* domain_errors) {
  switch (node.kind) {
    case Expression::Node::kNumber: return node.number;
    case Expression::Node::kColumn: return cols.at(node.name)[r];
    case Expression::Node::kNegate: return -Eval(*node.left, r, cols, domain_errors);
    case Expression::Node::kBinary: {
      const double a = Eval(*node.left, r, cols, domain_errors);
      const double b = Eval(*node.right, r, cols, domain_errors);
      if (std::isnan(a) || std::isnan(b)) return NAN;
      double v = 0;
      switch (node.op) {
        case '+': v = a + b; break;
        case '-': v = a - b; break;
        case '*': v = a * b; break;
        case '/': v = a / b; break;
        case '^': v = std::pow(a, b); break;
      }
      if (!std::isfinite(v)) {
        ++*domain_errors;
        return NAN;
      }
      return v;
    }
    case Expression::Node::kCall: {
      const double a = Eval(*node.left, r, cols, domain_errors);
      if (std::isnan(a)) return NAN;
      double v = 0;
      if (node.name == "log") v = std::log(a);
      else if (node.name == "log2") v = std::log2(a);
      else if (node.name == "log10") v = std::log10(a);
      else if (node.name == "exp") v = std::exp(a);
      else if (node.name == "sqrt") v = std::sqrt(a);
      else v = std::abs(a);
      if (!std::isfinite(v)) {
        ++*domain_errors;
        return NAN;
      }
      return v;
    }
  }
  return NAN;
}

}  // namespace

Result<Expression> Expression::Parse(const std::string& text) {
  // Terms are short formulas. Parsing and evaluation recurse once per nesting level or operator,
  // so a term from a hostile file (20,000 nested parentheses) would overflow the stack.
  if (text.size() > kMaxLength) {
    return Status::InvalidArgument("term of " + std::to_string(text.size()) + " characters: at most " +
                                   std::to_string(kMaxLength) + " are allowed");
  }
  Parser parser(text);
  RADFED_ASSIGN_OR_RETURN(NodePtr root, parser.ParseAll());
  Expression e;
  e.text_ = text;
  e.columns_ = std::move(parser.columns);
  e.root_ = std::move(root);
  return e;
}

bool Expression::IsColumn() const { return root_->kind == Node::kColumn; }

Result<std::vector<double>> Expression::Evaluate(
    size_t rows, const std::function<Result<std::vector<double>>(const std::string&)>& column) const {
  std::map<std::string, std::vector<double>> cols;
  for (const std::string& name : columns_) {
    RADFED_ASSIGN_OR_RETURN(std::vector<double> values, column(name));
    if (values.size() != rows) return Status::Internal("column '" + name + "' has the wrong length");
    cols.emplace(name, std::move(values));
  }
  std::vector<double> out(rows);
  size_t domain_errors = 0;
  for (size_t r = 0; r < rows; ++r) out[r] = Eval(*root_, r, cols, &domain_errors);
  if (domain_errors > 0) {
    return Status::InvalidArgument("term '" + text_ + "' is undefined (e.g. log of a value <= 0) for " +
                                   std::to_string(domain_errors) + " of " + std::to_string(rows) + " rows");
  }
  return out;
}

}  // namespace radfed::model
