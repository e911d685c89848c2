// Sealing audit events into chained, signed entries.
#pragma once

#include <vector>

#include "common/audit/audit_entry.h"
#include "common/pki/signer.h"

namespace radfed::audit {

// What happened, before it gets its place in the chain.
struct AuditEvent {
  std::string kind;
  std::string study;
  uint64_t round = 0;
  std::string site;
  nlohmann::json details = nlohmann::json::object();
};

// The end of the chain: the next sequence number and the last entry's hash.
struct ChainHead {
  uint64_t next_seq = 0;
  std::string hash = kGenesisPrev;
};

// Turns `events` into entries following `head` (time stamped now), signs them, and advances
// `head` past them. `head` is unchanged on error.
Result<std::vector<AuditEntry>> Seal(const std::vector<AuditEvent>& events, ChainHead* head, const pki::Signer& signer);

}  // namespace radfed::audit
