#include "common/audit/audit_chain.h"

namespace radfed::audit {

Result<std::vector<AuditEntry>> Seal(const std::vector<AuditEvent>& events, ChainHead* head, const pki::Signer& signer) {
  ChainHead next = *head;
  std::vector<AuditEntry> entries;
  for (const AuditEvent& event : events) {
    AuditEntry e;
    e.seq = next.next_seq;
    e.time = UtcNow();
    e.kind = event.kind;
    e.study = event.study;
    e.round = event.round;
    e.site = event.site;
    e.details = event.details;
    e.prev = next.hash;
    e.hash = e.ComputeHash();
    RADFED_ASSIGN_OR_RETURN(std::string signature, signer.Sign(e.hash));
    e.sig = pki::ToHex(signature);
    next.next_seq = e.seq + 1;
    next.hash = e.hash;
    entries.push_back(std::move(e));
  }
  *head = next;
  return entries;
}

}  // namespace radfed::audit
