#include "common/audit/log_verifier.h"

#include <ctime>
#include <map>
#include <set>
#include <sstream>
#include <type_traits>

#include "common/io/file_reading.h"
#include "common/pki/certificate_verifier.h"
#include "common/pki/signer.h"

namespace radfed::audit {
namespace {

std::time_t ParseTime(const std::string& iso) {
  std::tm tm{};
  if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
  return timegm(&tm);
}

std::string FromHex(const std::string& hex) {
  std::string out;
  if (hex.size() % 2) return out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return "";
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

bool IsSignerIntroduction(const AuditEntry& e) {
  return (e.kind == "log_opened" || e.kind == "coordinator_started") && e.details.contains("certificate") &&
         e.details["certificate"].is_string();
}

// details[key] == value, false where the field is absent or of another type (a forged entry may
// carry anything).
template <typename T>
bool DetailEquals(const AuditEntry& e, const char* key, const T& value) {
  const auto it = e.details.find(key);
  if (it == e.details.end()) return false;
  if constexpr (std::is_same_v<T, std::string>) {
    return it->is_string() && it->template get_ref<const std::string&>() == value;
  } else {
    return it->is_number_unsigned() && it->template get<T>() == value;
  }
}

class Verifier {
 public:
  Verifier(std::unique_ptr<pki::CertificateVerifier> chain, std::unique_ptr<pki::CertificateVerifier> crl)
      : chain_(std::move(chain)), crl_(std::move(crl)) {}

  VerificationReport Run(const std::vector<std::string>& lines, const std::vector<Receipt>& receipts) {
    // Sequence numbers present anywhere in the file, to tell reordering from removal.
    std::set<uint64_t> present;
    for (const std::string& line : lines) {
      auto e = AuditEntry::FromLine(line);
      if (e.ok()) present.insert(e->seq);
    }
    if (lines.empty()) {
      return Fail(FaultKind::kRemoved, 0, 0, "the log has no entries; a coordinator's log begins with log_opened");
    }
    uint64_t expected = 0;
    std::string prev = kGenesisPrev;
    for (size_t i = 0; i < lines.size(); ++i) {
      auto parsed = AuditEntry::FromLine(lines[i]);
      if (!parsed.ok()) return Fail(FaultKind::kChanged, expected, i + 1, "line is not a valid entry (" + parsed.status().message() + ")");
      const AuditEntry& e = *parsed;
      if (e.ComputeHash() != e.hash) return Fail(FaultKind::kChanged, e.seq, i + 1, "content does not match its hash");
      if (e.seq < expected) {
        return Fail(FaultKind::kInserted, e.seq, i + 1, "sequence number " + std::to_string(e.seq) + " appears again");
      }
      if (e.seq > expected) {
        if (present.count(expected)) {
          return Fail(FaultKind::kReordered, expected, i + 1,
                      "entry " + std::to_string(e.seq) + " appears before entry " + std::to_string(expected));
        }
        return Fail(FaultKind::kRemoved, expected, i + 1,
                    "entries " + std::to_string(expected) + ".." + std::to_string(e.seq - 1) + " are missing");
      }
      if (e.prev != prev) {
        return Fail(FaultKind::kChanged, expected == 0 ? 0 : expected - 1, i + 1,
                    "entry " + std::to_string(e.seq) + " does not follow the entry before it (that entry was replaced)");
      }
      Status signed_ok = CheckSignature(e);
      if (!signed_ok.ok()) return Fail(FaultKind::kForgedSignature, e.seq, i + 1, signed_ok.message());
      hashes_[e.seq] = e.hash;
      entries_.push_back(e);
      prev = e.hash;
      ++expected;
      ++report_.entries;
    }
    for (const Receipt& r : receipts) {
      ++report_.receipts;
      Status ok = CheckReceipt(r, expected);
      if (!ok.ok()) return report_;
    }
    return report_;
  }

 private:
  VerificationReport Fail(FaultKind kind, uint64_t seq, size_t line, std::string message) {
    report_.fault = Fault{kind, seq, line, std::move(message)};
    return report_;
  }

  Status CheckSignature(const AuditEntry& e) {
    const std::time_t at = ParseTime(e.time);
    if (IsSignerIntroduction(e)) {
      const std::string pem = e.details["certificate"].get<std::string>();
      auto identity = chain_->Verify(pem, at);
      if (!identity.ok()) return Status::Unauthenticated("the recorded coordinator certificate is not valid: " + identity.status().message());
      if (identity->role != pki::Role::kCoordinator) {
        return Status::Unauthenticated("entries are signed by '" + identity->name + "', not a coordinator");
      }
      signer_pem_ = pem;
      signer_serial_ = identity->serial_hex;
    }
    if (signer_pem_.empty()) return Status::Unauthenticated("no coordinator certificate was recorded before this entry");
    if (crl_) {
      const auto revoked = crl_->RevokedAt(signer_serial_);
      if (revoked && *revoked <= at) return Status::Unauthenticated("signed after the coordinator certificate was revoked");
    }
    const std::string sig = FromHex(e.sig);
    if (sig.empty() || !pki::VerifySignature(signer_pem_, e.hash, sig).ok()) {
      return Status::Unauthenticated("the signature does not verify with the coordinator certificate");
    }
    return Status::Ok();
  }

  Status CheckReceipt(const Receipt& r, uint64_t entries) {
    auto fail = [&](FaultKind kind, uint64_t seq, std::string message) {
      report_.fault = Fault{kind, seq, 0, "receipt of " + r.site + " for study " + r.study + " round " +
                                              std::to_string(r.round) + ": " + message};
      return Status::DataLoss("fault");
    };
    auto identity = chain_->Verify(r.certificate, ParseTime(r.time));
    if (!identity.ok() || identity->role != pki::Role::kNode || identity->name != r.site) {
      return fail(FaultKind::kBadReceipt, r.head_seq, "its certificate is not a valid node certificate of " + r.site);
    }
    const std::string sig = FromHex(r.signature);
    if (sig.empty() || !pki::VerifySignature(r.certificate, r.SignedBytes(), sig).ok()) {
      return fail(FaultKind::kBadReceipt, r.head_seq, "its signature does not verify");
    }
    if (r.head_seq >= entries) {
      return fail(FaultKind::kTruncated, r.head_seq,
                  "the site saw the log reach entry " + std::to_string(r.head_seq) + " but it now ends at " +
                      (entries == 0 ? std::string("nothing") : std::to_string(entries - 1)));
    }
    if (hashes_.at(r.head_seq) != r.head_hash) {
      return fail(FaultKind::kChanged, r.head_seq, "entry " + std::to_string(r.head_seq) + " differs from the one the site saw");
    }
    for (const AuditEntry& e : entries_) {
      if (e.kind == "masked_input" && e.study == r.study && e.round == r.round && e.site == r.site &&
          DetailEquals(e, "attempt", uint64_t{r.attempt}) && DetailEquals(e, "sha256", r.masked_input_sha256)) {
        return Status::Ok();
      }
    }
    return fail(FaultKind::kRemoved, r.head_seq, "the log does not record the site's masked input " + r.masked_input_sha256);
  }

  std::unique_ptr<pki::CertificateVerifier> chain_;
  std::unique_ptr<pki::CertificateVerifier> crl_;
  VerificationReport report_;
  std::map<uint64_t, std::string> hashes_;
  std::vector<AuditEntry> entries_;
  std::string signer_pem_, signer_serial_;
};

}  // namespace

std::string FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kChanged: return "changed";
    case FaultKind::kRemoved: return "removed";
    case FaultKind::kReordered: return "reordered";
    case FaultKind::kInserted: return "inserted";
    case FaultKind::kForgedSignature: return "forged signature";
    case FaultKind::kTruncated: return "truncated";
    case FaultKind::kBadReceipt: return "bad receipt";
  }
  return "unknown";
}

Result<std::vector<std::string>> ReadLogLines(const std::filesystem::path& log) {
  RADFED_ASSIGN_OR_RETURN(const std::string text, io::ReadFile(log));
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

Result<VerificationReport> VerifyAuditLines(const std::vector<std::string>& lines, const VerifyOptions& options) {
  RADFED_ASSIGN_OR_RETURN(auto chain, pki::CertificateVerifier::Load(options.ca, ""));
  std::unique_ptr<pki::CertificateVerifier> crl;
  if (!options.crl.empty()) {
    RADFED_ASSIGN_OR_RETURN(crl, pki::CertificateVerifier::Load(options.ca, options.crl));
  }
  Verifier verifier(std::move(chain), std::move(crl));
  return verifier.Run(lines, options.receipts);
}

Result<VerificationReport> VerifyAuditLog(const std::filesystem::path& log, const VerifyOptions& options) {
  RADFED_ASSIGN_OR_RETURN(std::vector<std::string> lines, ReadLogLines(log));
  return VerifyAuditLines(lines, options);
}

}  // namespace radfed::audit
