// CertificateVerifier: decides whether a peer's certificate speaks for the consortium.
//
// A certificate is accepted when it chains to the consortium CA, is within its validity period
// at the given time, is not in the CRL, and carries one radfed identity. Each refusal has its own
// message (another CA, expired, not yet valid, revoked, no identity) because operators and
// hospital IT must be able to tell which one they are looking at.
//
// Sites check every peer's certificate in every secure round and the coordinator every call's, so
// accepted certificates are remembered: one seen before, under the same CA and CRL, is accepted
// again without re-checking its chain while the time is inside its own and the CA's validity
// (the only inputs of the check that change). A Reload forgets them all.
//
// Thread-safe: Verify may run concurrently with Reload (the CA/CRL snapshot is swapped atomically).
#pragma once

#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/pki/identity.h"
#include "common/pki/openssl_util.h"
#include "common/status.h"

namespace radfed::pki {

class CertificateVerifier {
 public:
  // Loads the CA certificate and (if `crl` is not empty) the CRL, whose signature must verify.
  static Result<std::unique_ptr<CertificateVerifier>> Load(const std::filesystem::path& ca,
                                                           const std::filesystem::path& crl);

  // Re-reads the CRL file. On any error the previous CRL stays in force and the error is returned.
  Status Reload();

  Result<PeerIdentity> Verify(std::string_view certificate_pem, std::time_t now) const;
  Result<PeerIdentity> Verify(X509* certificate, std::time_t now) const;

  // A certificate that passed Verify, parsed, so that its holder's signatures can be checked
  // (VerifySignature) without parsing it again.
  struct Accepted {
    X509Ptr certificate;
    PeerIdentity identity;
  };
  // Verify for a PEM certificate, returning the parsed certificate with the identity.
  Result<std::shared_ptr<const Accepted>> Accept(std::string_view certificate_pem, std::time_t now) const;

  // Time at which `serial_hex` was revoked, if it is in the current CRL.
  std::optional<std::time_t> RevokedAt(const std::string& serial_hex) const;
  // Serial numbers (lower-case hex) in the current CRL.
  std::set<std::string> RevokedSerials() const;

 private:
  struct Snapshot {
    X509Ptr ca;
    X509CrlPtr crl;  // may be null
  };
  CertificateVerifier(std::filesystem::path ca, std::filesystem::path crl)
      : ca_path_(std::move(ca)), crl_path_(std::move(crl)) {}
  static Result<std::shared_ptr<const Snapshot>> LoadSnapshot(const std::filesystem::path& ca,
                                                              const std::filesystem::path& crl);
  std::shared_ptr<const Snapshot> snapshot() const;
  static Result<PeerIdentity> VerifyWith(const Snapshot& snapshot, X509* certificate, std::time_t now);

  // An accepted certificate and when that acceptance holds: under `snapshot`, for times in
  // [valid_from, valid_until] (the certificate's and the CA's validity overlap).
  struct Remembered {
    std::shared_ptr<const Accepted> accepted;
    std::shared_ptr<const Snapshot> snapshot;
    std::time_t valid_from, valid_until;
  };
  // Bounds the memory a stream of distinct valid certificates can take; then it starts afresh.
  static constexpr size_t kMaxRemembered = 4096;

  const std::filesystem::path ca_path_, crl_path_;
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;
  mutable std::unordered_map<std::string, Remembered> remembered_;  // by PEM, guarded by mu_
};

}  // namespace radfed::pki
