// TlsFiles: where a process finds its consortium credentials.
#pragma once

#include <filesystem>
#include <string>

#include "common/config/yaml_node.h"

namespace radfed::config {

struct TlsFiles {
  std::filesystem::path ca;    // consortium CA certificate (PEM)
  std::filesystem::path cert;  // this process's certificate (PEM)
  std::filesystem::path key;   // its private key (PEM, mode 0600)
  std::filesystem::path crl;   // CRL (coordinator only; empty elsewhere)
};

// Reads `tls: {ca, cert, key[, crl]}`; relative paths are resolved against `base_dir` (the
// directory of the config file), so a config can be moved together with its PKI folder.
Result<TlsFiles> ParseTlsFiles(const YamlNode& tls, const std::filesystem::path& base_dir,
                               bool with_crl);

// `path` if absolute, else base_dir / path.
std::filesystem::path ResolvePath(const std::filesystem::path& base_dir, const std::string& path);

}  // namespace radfed::config
