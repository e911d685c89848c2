#include "common/config/tls_files.h"

namespace radfed::config {

std::filesystem::path ResolvePath(const std::filesystem::path& base_dir, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute() || base_dir.empty()) return p;
  return base_dir / p;
}

Result<TlsFiles> ParseTlsFiles(const YamlNode& tls, const std::filesystem::path& base_dir,
                               bool with_crl) {
  TlsFiles files;
  RADFED_ASSIGN_OR_RETURN(std::string ca, tls.GetString("ca"));
  RADFED_ASSIGN_OR_RETURN(std::string cert, tls.GetString("cert"));
  RADFED_ASSIGN_OR_RETURN(std::string key, tls.GetString("key"));
  files.ca = ResolvePath(base_dir, ca);
  files.cert = ResolvePath(base_dir, cert);
  files.key = ResolvePath(base_dir, key);
  if (with_crl) {
    RADFED_ASSIGN_OR_RETURN(std::string crl, tls.GetString("crl"));
    files.crl = ResolvePath(base_dir, crl);
  }
  RADFED_RETURN_IF_ERROR(tls.RejectUnknownKeys());
  return files;
}

}  // namespace radfed::config
