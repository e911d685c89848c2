#include "common/config/yaml_node.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "common/io/file_reading.h"

namespace radfed::config {
namespace {

// Documents are hand-written settings; anything nested deeper is not one, and the limit keeps the
// recursive walks below from exhausting the stack.
constexpr int kMaxDepth = 64;

Status CheckKeys(const YAML::Node& node, const std::string& source, int depth) {
  if (depth > kMaxDepth) {
    return Status::InvalidArgument(source + ": nested more than " + std::to_string(kMaxDepth) + " levels deep");
  }
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) RADFED_RETURN_IF_ERROR(CheckKeys(item, source, depth + 1));
  } else if (node.IsMap()) {
    std::set<std::string> seen;
    for (const auto& kv : node) {
      if (kv.first.IsScalar() && !seen.insert(kv.first.Scalar()).second) {
        return Status::InvalidArgument(source + ": key '" + kv.first.Scalar() + "' appears twice in one map (line " +
                                       std::to_string(kv.first.Mark().line + 1) + ")");
      }
      RADFED_RETURN_IF_ERROR(CheckKeys(kv.second, source, depth + 1));
    }
  }
  return Status::Ok();
}

template <typename T>
std::string Show(T value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

Result<YamlNode> YamlNode::Parse(const std::string& text, const std::string& source) {
  try {
    YAML::Node root = YAML::Load(text);
    RADFED_RETURN_IF_ERROR(CheckKeys(root, source, 0));
    return YamlNode(root, std::make_shared<const std::string>(source), "",
                    std::make_shared<std::set<std::string>>());
  } catch (const YAML::Exception& e) {
    std::ostringstream msg;
    msg << source << ": not valid YAML";
    if (e.mark.line >= 0) msg << " at line " << e.mark.line + 1 << ", column " << e.mark.column + 1;
    msg << ": " << e.msg;
    return Status::InvalidArgument(msg.str());
  }
}

Result<YamlNode> YamlNode::LoadFile(const std::filesystem::path& path) {
  RADFED_ASSIGN_OR_RETURN(std::string text, io::ReadFile(path));
  return Parse(text, path.string());
}

std::string YamlNode::ChildPath(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

YamlNode YamlNode::MakeChild(const YAML::Node& node, const std::string& key) const {
  return YamlNode(node, source_, ChildPath(key), std::make_shared<std::set<std::string>>());
}

std::string YamlNode::KindName() const {
  if (!node_.IsDefined() || node_.IsNull()) return "nothing";
  if (node_.IsMap()) return "a map";
  if (node_.IsSequence()) return "a list";
  return "'" + node_.Scalar() + "'";
}

Status YamlNode::Error(const std::string& message) const {
  if (path_.empty()) return Status::InvalidArgument(*source_ + ": " + message);
  return Status::InvalidArgument(*source_ + ": key '" + path_ + "': " + message);
}

Status YamlNode::ErrorAt(const std::string& key, const std::string& message) const {
  return Status::InvalidArgument(*source_ + ": key '" + ChildPath(key) + "': " + message);
}

bool YamlNode::Has(const std::string& key) const {
  if (!node_.IsMap()) return false;
  known_->insert(key);
  return static_cast<bool>(node_[key]);
}

Result<YamlNode> YamlNode::Child(const std::string& key) const {
  if (!node_.IsMap()) {
    if (path_.empty()) return Status::InvalidArgument(*source_ + ": expected a map of settings, got " + KindName());
    return Error("expected a map, got " + KindName());
  }
  known_->insert(key);
  const YAML::Node child = node_[key];
  if (!child) return ErrorAt(key, "missing");
  return MakeChild(child, key);
}

std::optional<YamlNode> YamlNode::OptionalChild(const std::string& key) const {
  if (!node_.IsMap()) return std::nullopt;
  known_->insert(key);
  const YAML::Node child = node_[key];
  if (!child || child.IsNull()) return std::nullopt;
  return MakeChild(child, key);
}

Result<std::string> YamlNode::AsString() const {
  if (!node_.IsScalar()) return Error("expected a string, got " + KindName());
  return node_.Scalar();
}

Result<double> YamlNode::AsDouble() const {
  if (!node_.IsScalar()) return Error("expected a number, got " + KindName());
  double value = 0;
  try {
    value = node_.as<double>();
  } catch (const YAML::Exception&) {
    return Error("expected a number, got " + KindName());
  }
  if (!std::isfinite(value)) return Error("expected a finite number, got " + KindName());
  return value;
}

Result<int64_t> YamlNode::AsInt() const {
  if (!node_.IsScalar()) return Error("expected an integer, got " + KindName());
  try {
    return node_.as<int64_t>();
  } catch (const YAML::Exception&) {
    return Error("expected an integer, got " + KindName());
  }
}

Result<bool> YamlNode::AsBool() const {
  if (!node_.IsScalar()) return Error("expected true or false, got " + KindName());
  try {
    return node_.as<bool>();
  } catch (const YAML::Exception&) {
    return Error("expected true or false, got " + KindName());
  }
}

Result<std::vector<YamlNode>> YamlNode::AsList() const {
  if (!node_.IsSequence()) return Error("expected a list, got " + KindName());
  std::vector<YamlNode> out;
  for (size_t i = 0; i < node_.size(); ++i) {
    out.push_back(MakeChild(node_[i], "[" + std::to_string(i) + "]"));
    out.back().path_ = path_ + "[" + std::to_string(i) + "]";
  }
  return out;
}

Result<std::vector<std::string>> YamlNode::AsStringList() const {
  RADFED_ASSIGN_OR_RETURN(std::vector<YamlNode> items, AsList());
  std::vector<std::string> out;
  for (const YamlNode& item : items) {
    RADFED_ASSIGN_OR_RETURN(std::string s, item.AsString());
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<std::string>> YamlNode::Keys() const {
  if (!node_.IsMap()) return Error("expected a map, got " + KindName());
  std::vector<std::string> keys;
  for (const auto& kv : node_) keys.push_back(kv.first.Scalar());
  return keys;
}

Result<std::string> YamlNode::GetString(const std::string& key) const {
  RADFED_ASSIGN_OR_RETURN(YamlNode child, Child(key));
  return child.AsString();
}

Result<std::string> YamlNode::GetString(const std::string& key, const std::string& fallback) const {
  auto child = OptionalChild(key);
  if (!child) return fallback;
  return child->AsString();
}

Result<double> YamlNode::GetDouble(const std::string& key, double fallback) const {
  auto child = OptionalChild(key);
  if (!child) return fallback;
  return child->AsDouble();
}

Result<int64_t> YamlNode::GetInt(const std::string& key, int64_t fallback) const {
  auto child = OptionalChild(key);
  if (!child) return fallback;
  return child->AsInt();
}

template <typename T>
Result<T> YamlNode::InRange(const std::string& key, Result<T> value, T minimum, T maximum) const {
  if (value.ok() && (*value < minimum || *value > maximum)) {
    return ErrorAt(key, "must be from " + Show(minimum) + " to " + Show(maximum) + ", got " + Show(*value));
  }
  return value;
}

Result<double> YamlNode::GetDoubleInRange(const std::string& key, double fallback, double minimum,
                                          double maximum) const {
  return InRange(key, GetDouble(key, fallback), minimum, maximum);
}

Result<int64_t> YamlNode::GetIntInRange(const std::string& key, int64_t fallback, int64_t minimum,
                                        int64_t maximum) const {
  return InRange(key, GetInt(key, fallback), minimum, maximum);
}

Result<bool> YamlNode::GetBool(const std::string& key, bool fallback) const {
  auto child = OptionalChild(key);
  if (!child) return fallback;
  return child->AsBool();
}

Result<std::vector<std::string>> YamlNode::GetStringList(const std::string& key) const {
  RADFED_ASSIGN_OR_RETURN(YamlNode child, Child(key));
  return child.AsStringList();
}

Result<std::vector<std::string>> YamlNode::GetStringList(const std::string& key,
                                                         std::vector<std::string> fallback) const {
  auto child = OptionalChild(key);
  if (!child) return fallback;
  return child->AsStringList();
}

Status YamlNode::RejectUnknownKeys() const {
  if (!node_.IsMap()) return Status::Ok();
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (!known_->count(key)) {
      std::string known;
      for (const std::string& k : *known_) known += (known.empty() ? "" : ", ") + k;
      return ErrorAt(key, "unknown key (known keys here: " + known + ")");
    }
  }
  return Status::Ok();
}

}  // namespace radfed::config
