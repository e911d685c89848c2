#include "node/agent/node_config.h"

#include "common/config/host_port.h"
#include "common/config/yaml_node.h"

namespace radfed::node {

Result<NodeConfig> LoadNodeConfig(const std::filesystem::path& path) {
  RADFED_ASSIGN_OR_RETURN(config::YamlNode root, config::YamlNode::LoadFile(path));
  const std::filesystem::path base = path.parent_path();
  NodeConfig c;
  RADFED_ASSIGN_OR_RETURN(c.site, root.GetString("site"));
  if (c.site.empty()) return root.ErrorAt("site", "must not be empty");
  RADFED_ASSIGN_OR_RETURN(c.coordinator, root.GetString("coordinator"));
  if (Status address = config::CheckHostPort(c.coordinator, /*allow_port_zero=*/false); !address.ok()) {
    return root.ErrorAt("coordinator", address.message());
  }
  RADFED_ASSIGN_OR_RETURN(config::YamlNode tls, root.Child("tls"));
  RADFED_ASSIGN_OR_RETURN(c.tls, config::ParseTlsFiles(tls, base, /*with_crl=*/false));

  RADFED_ASSIGN_OR_RETURN(config::YamlNode cohort, root.Child("cohort"));
  RADFED_ASSIGN_OR_RETURN(config::YamlNode tables, cohort.Child("tables"));
  RADFED_ASSIGN_OR_RETURN(std::vector<config::YamlNode> items, tables.AsList());
  if (items.empty()) return tables.Error("list at least one table");
  for (const config::YamlNode& item : items) {
    RADFED_ASSIGN_OR_RETURN(std::string table_path, item.GetString("path"));
    RADFED_ASSIGN_OR_RETURN(std::string key, item.GetString("key"));
    RADFED_RETURN_IF_ERROR(item.RejectUnknownKeys());
    c.tables.push_back({config::ResolvePath(base, table_path), key});
  }
  RADFED_RETURN_IF_ERROR(cohort.RejectUnknownKeys());

  RADFED_ASSIGN_OR_RETURN(std::string state_dir, root.GetString("state_dir"));
  c.state_dir = config::ResolvePath(base, state_dir);

  if (auto guards = root.OptionalChild("guards")) {
    RADFED_ASSIGN_OR_RETURN(int64_t min_rows, guards->GetInt("min_rows", 10));
    if (min_rows < 1) return guards->ErrorAt("min_rows", "must be at least 1");
    c.guards.min_rows = static_cast<size_t>(min_rows);
    RADFED_ASSIGN_OR_RETURN(int64_t min_events, guards->GetInt("min_events", 5));
    if (min_events < 0) return guards->ErrorAt("min_events", "must not be negative");
    c.guards.min_events = static_cast<size_t>(min_events);
    RADFED_ASSIGN_OR_RETURN(c.guards.max_parameters_per_row, guards->GetDouble("max_parameters_per_row", 0.2));
    if (!(c.guards.max_parameters_per_row > 0)) return guards->ErrorAt("max_parameters_per_row", "must be positive");
    RADFED_ASSIGN_OR_RETURN(c.guards.allowed_columns, guards->GetStringList("allowed_columns", {}));
    RADFED_RETURN_IF_ERROR(guards->RejectUnknownKeys());
  }
  if (auto reconnect = root.OptionalChild("reconnect")) {
    RADFED_ASSIGN_OR_RETURN(c.reconnect_initial_seconds,
                            reconnect->GetDoubleInRange("initial_seconds", 0.5, 0.001, 3600));
    RADFED_ASSIGN_OR_RETURN(c.reconnect_max_seconds, reconnect->GetDoubleInRange("max_seconds", 30, 0.001, 3600));
    if (c.reconnect_max_seconds < c.reconnect_initial_seconds) {
      return reconnect->Error("need 0 < initial_seconds <= max_seconds");
    }
    RADFED_RETURN_IF_ERROR(reconnect->RejectUnknownKeys());
  }
  RADFED_RETURN_IF_ERROR(root.RejectUnknownKeys());
  return c;
}

}  // namespace radfed::node
