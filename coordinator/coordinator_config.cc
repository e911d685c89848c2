#include "coordinator/coordinator_config.h"

#include <set>

#include "common/config/host_port.h"
#include "common/config/yaml_node.h"

namespace radfed::coordinator {

Result<CoordinatorConfig> LoadCoordinatorConfig(const std::filesystem::path& path) {
  RADFED_ASSIGN_OR_RETURN(config::YamlNode root, config::YamlNode::LoadFile(path));
  const std::filesystem::path base = path.parent_path();
  CoordinatorConfig c;
  RADFED_ASSIGN_OR_RETURN(c.listen, root.GetString("listen"));
  if (Status address = config::CheckHostPort(c.listen, /*allow_port_zero=*/true); !address.ok()) {
    return root.ErrorAt("listen", address.message());
  }
  RADFED_ASSIGN_OR_RETURN(config::YamlNode tls, root.Child("tls"));
  RADFED_ASSIGN_OR_RETURN(c.tls, config::ParseTlsFiles(tls, base, /*with_crl=*/true));
  RADFED_ASSIGN_OR_RETURN(c.roster, root.GetStringList("roster"));
  std::set<std::string> unique(c.roster.begin(), c.roster.end());
  if (unique.size() != c.roster.size()) return root.ErrorAt("roster", "a site is listed twice");
  if (c.roster.empty()) return root.ErrorAt("roster", "list the sites of the consortium");
  RADFED_ASSIGN_OR_RETURN(std::string state_dir, root.GetString("state_dir"));
  c.state_dir = config::ResolvePath(base, state_dir);
  RADFED_ASSIGN_OR_RETURN(std::string audit_log, root.GetString("audit_log"));
  c.audit_log = config::ResolvePath(base, audit_log);
  RADFED_ASSIGN_OR_RETURN(c.site_wait_seconds,
                          root.GetDoubleInRange("site_wait_seconds", 600, 0.001, 30 * 24 * 3600.0));
  RADFED_ASSIGN_OR_RETURN(c.metrics_listen, root.GetString("metrics_listen", ""));
  if (Status address = config::CheckHostPort(c.metrics_listen, /*allow_port_zero=*/true);
      !c.metrics_listen.empty() && !address.ok()) {
    return root.ErrorAt("metrics_listen", address.message());
  }
  RADFED_ASSIGN_OR_RETURN(c.keep_transcripts, root.GetBool("keep_transcripts", false));
  RADFED_RETURN_IF_ERROR(root.RejectUnknownKeys());
  return c;
}

}  // namespace radfed::coordinator
