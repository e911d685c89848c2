// YamlNode: typed, path-aware access to a YAML document for radfed's configuration files.
//
// Every error names the file and the full key path ("node.yaml: key 'tls.ca': expected a string,
// got a map"), because the people who read them are hospital IT and operators editing files by
// hand. Unknown keys are errors too (a typo such as 'min_row' must not silently fall back to a
// default): call RejectUnknownKeys() once all known keys of a map have been read.
//
// A YamlNode is a cheap handle; it shares the parsed document. Not thread-safe for concurrent
// reads of the same map (the key tracking mutates).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"

namespace radfed::config {

class YamlNode {
 public:
  // Parses `text`; `source` names it in messages (usually the file name). A key given twice in
  // one map is an error: YAML parsers silently keep one of them, and the operator meant the other.
  static Result<YamlNode> Parse(const std::string& text, const std::string& source);
  static Result<YamlNode> LoadFile(const std::filesystem::path& path);

  bool IsMap() const { return node_.IsMap(); }
  bool IsSequence() const { return node_.IsSequence(); }
  bool IsNull() const { return !node_.IsDefined() || node_.IsNull(); }
  bool Has(const std::string& key) const;

  // A required or optional child of a map. Marks the key as known.
  Result<YamlNode> Child(const std::string& key) const;
  std::optional<YamlNode> OptionalChild(const std::string& key) const;

  // Scalars. The `Get*` forms take a key of this map; missing required keys are errors.
  // Numbers must be finite: '.nan' or '.inf' in a setting is always a mistake.
  Result<std::string> AsString() const;
  Result<double> AsDouble() const;
  Result<int64_t> AsInt() const;
  Result<bool> AsBool() const;
  Result<std::vector<std::string>> AsStringList() const;
  Result<std::vector<YamlNode>> AsList() const;
  // Keys of a map in document order.
  Result<std::vector<std::string>> Keys() const;

  Result<std::string> GetString(const std::string& key) const;
  Result<std::string> GetString(const std::string& key, const std::string& fallback) const;
  Result<double> GetDouble(const std::string& key, double fallback) const;
  Result<int64_t> GetInt(const std::string& key, int64_t fallback) const;
  // As GetDouble/GetInt, and an error unless minimum <= value <= maximum.
  Result<double> GetDoubleInRange(const std::string& key, double fallback, double minimum, double maximum) const;
  Result<int64_t> GetIntInRange(const std::string& key, int64_t fallback, int64_t minimum, int64_t maximum) const;
  Result<bool> GetBool(const std::string& key, bool fallback) const;
  Result<std::vector<std::string>> GetStringList(const std::string& key) const;
  Result<std::vector<std::string>> GetStringList(const std::string& key,
                                                 std::vector<std::string> fallback) const;

  // Error if this map has keys that were never asked for via Child/OptionalChild/Get*/Has.
  Status RejectUnknownKeys() const;

  // InvalidArgument "<source>: key '<path>': <message>", for validation done by callers.
  Status Error(const std::string& message) const;
  // The same for a child key of this map.
  Status ErrorAt(const std::string& key, const std::string& message) const;

  const std::string& path() const { return path_; }
  const std::string& source() const { return *source_; }

 private:
  YamlNode(YAML::Node node, std::shared_ptr<const std::string> source, std::string path,
           std::shared_ptr<std::set<std::string>> known)
      : node_(std::move(node)), source_(std::move(source)), path_(std::move(path)),
        known_(std::move(known)) {}

  std::string ChildPath(const std::string& key) const;
  YamlNode MakeChild(const YAML::Node& node, const std::string& key) const;
  std::string KindName() const;
  // `value`, or an error naming `key` and the bounds if it lies outside [minimum, maximum].
  template <typename T>
  Result<T> InRange(const std::string& key, Result<T> value, T minimum, T maximum) const;

  YAML::Node node_;
  std::shared_ptr<const std::string> source_;
  std::string path_;  // dotted key path from the document root; empty at the root
  // Keys of this map that callers asked for; shared by copies of the same handle.
  std::shared_ptr<std::set<std::string>> known_;
};

}  // namespace radfed::config
