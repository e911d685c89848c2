// AuditEntry: one record of the coordinator's tamper-evident audit log.
//
// Entries form a hash chain: each carries the SHA-256 of its predecessor (`prev`), its own hash
// over its canonical form, and the coordinator's ECDSA signature over that hash. The canonical
// form is the entry as compact JSON with keys in lexicographic order and without `hash` and
// `sig`, so anyone can recompute it. Sequence numbers start at 0 and have no gaps.
//
// Entries never contain patient data or any site's individual vector: only identities, counts,
// reasons and hashes.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "common/status.h"

namespace radfed::audit {

inline constexpr char kGenesisPrev[] = "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  uint64_t seq = 0;
  std::string time;  // UTC, ISO 8601
  std::string kind;  // e.g. "round_completed" (see docs/auditor-guide.md)
  std::string study;
  uint64_t round = 0;
  std::string site;
  nlohmann::json details = nlohmann::json::object();
  std::string prev;  // hash of entry seq - 1 (kGenesisPrev for seq 0)
  std::string hash;  // SHA-256 (hex) of CanonicalBytes()
  std::string sig;   // coordinator's signature over `hash` (hex of DER)

  // The bytes that `hash` covers.
  std::string CanonicalBytes() const;
  std::string ComputeHash() const;

  // One line of the log file (without the newline).
  std::string ToLine() const;
  static Result<AuditEntry> FromLine(const std::string& line);
  nlohmann::json ToJson() const;
};

// Current UTC time as ISO 8601 with milliseconds.
std::string UtcNow();

}  // namespace radfed::audit
