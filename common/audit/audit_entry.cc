#include "common/audit/audit_entry.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "common/io/untrusted_json.h"
#include "common/pki/signer.h"

namespace radfed::audit {

nlohmann::json AuditEntry::ToJson() const {
  return {{"seq", seq}, {"time", time}, {"kind", kind}, {"study", study}, {"round", round},
          {"site", site}, {"details", details}, {"prev", prev}, {"hash", hash}, {"sig", sig}};
}

std::string AuditEntry::CanonicalBytes() const {
  nlohmann::json j = ToJson();
  j.erase("hash");
  j.erase("sig");
  return j.dump();  // nlohmann orders object keys lexicographically: canonical
}

std::string AuditEntry::ComputeHash() const { return pki::Sha256Hex(CanonicalBytes()); }

std::string AuditEntry::ToLine() const { return ToJson().dump(); }

Result<AuditEntry> AuditEntry::FromLine(const std::string& line) {
  const auto j = io::ParseUntrustedJson(line);
  if (j.is_discarded() || !j.is_object()) return Status::DataLoss("not a JSON object");
  try {
    AuditEntry e;
    e.seq = j.at("seq").get<uint64_t>();
    e.time = j.at("time");
    e.kind = j.at("kind");
    e.study = j.at("study");
    e.round = j.at("round").get<uint64_t>();
    e.site = j.at("site");
    e.details = j.at("details");
    if (!e.details.is_object()) return Status::DataLoss("malformed entry: details is not an object");
    e.prev = j.at("prev");
    e.hash = j.at("hash");
    e.sig = j.at("sig");
    if (j.size() != 10) return Status::DataLoss("unexpected fields");
    return e;
  } catch (const nlohmann::json::exception& e) {
    return Status::DataLoss(std::string("malformed entry: ") + e.what());
  }
}

std::string UtcNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace radfed::audit
