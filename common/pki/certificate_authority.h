// CertificateAuthority: the consortium CA kept in a directory (what `radfed pki` manages).
//
// Layout of DIR:
//   ca.crt, ca.key (0600)     the CA (ECDSA P-256, self-signed)
//   ca.crl                    the current CRL (v2, with a CRL number), rewritten atomically
//   NAME.crt, NAME.key (0600) issued certificates
//   index.json                every issued certificate (name, role, serial, expiry, revocation)
//
// Not thread-safe; one `radfed pki` command at a time per directory.
#pragma once

#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/pki/identity.h"
#include "common/status.h"

namespace radfed::pki {

// Longer validity than this is a typo (and beyond it notAfter leaves what X.509 times can hold).
inline constexpr int kMaxValidityDays = 36500;

struct IssueRequest {
  std::string name;
  Role role = Role::kNode;
  int days = 825;
  std::vector<std::string> sans;  // DNS names or IP addresses (coordinators)
  // Explicit validity, overriding `days` (used to make expired or future certificates in tests).
  std::optional<std::time_t> not_before;
  std::optional<std::time_t> not_after;
};

struct IndexEntry {
  std::string name;
  Role role = Role::kNode;
  std::string serial_hex;
  std::string not_after;   // human-readable UTC
  std::string revoked_at;  // empty if valid
};

class CertificateAuthority {
 public:
  // Creates DIR (if needed) with a new CA, an empty CRL and an empty index. Refuses if DIR
  // already holds a CA.
  static Status Init(const std::filesystem::path& dir, int days = 3650,
                     const std::string& common_name = "radfed consortium CA");
  static Result<CertificateAuthority> Open(const std::filesystem::path& dir);

  // Writes DIR/NAME.crt and DIR/NAME.key. Refuses an invalid or already used name.
  Status Issue(const IssueRequest& request);
  // Adds NAME's certificate to the CRL (revocation time `when`) and rewrites DIR/ca.crl.
  Status Revoke(const std::string& name, std::time_t when);

  const std::vector<IndexEntry>& index() const { return index_; }

 private:
  explicit CertificateAuthority(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Status LoadIndex();
  Status SaveIndex() const;
  Status WriteCrl() const;

  std::filesystem::path dir_;
  std::vector<IndexEntry> index_;
  std::vector<std::pair<std::string, std::time_t>> revoked_;  // serial hex, revocation time
  uint64_t crl_number_ = 0;
};

}  // namespace radfed::pki
