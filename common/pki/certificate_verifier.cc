#include "common/pki/certificate_verifier.h"

#include <openssl/err.h>

#include <algorithm>
#include <optional>

namespace radfed::pki {
namespace {

struct StoreCtxFree { void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); } };

std::time_t ToTime(const ASN1_TIME* t) {
  std::tm tm{};
  ASN1_TIME_to_tm(t, &tm);
  return timegm(&tm);
}

}  // namespace

Result<std::shared_ptr<const CertificateVerifier::Snapshot>> CertificateVerifier::LoadSnapshot(
    const std::filesystem::path& ca_path, const std::filesystem::path& crl_path) {
  auto snapshot = std::make_shared<Snapshot>();
  RADFED_ASSIGN_OR_RETURN(snapshot->ca, ReadCertificate(ca_path));
  if (!crl_path.empty()) {
    RADFED_ASSIGN_OR_RETURN(snapshot->crl, ReadCrl(crl_path));
    EVP_PKEY* ca_key = X509_get0_pubkey(snapshot->ca.get());
    if (X509_CRL_verify(snapshot->crl.get(), ca_key) != 1) {
      ERR_clear_error();
      return Status::InvalidArgument(crl_path.string() + ": the CRL is not signed by the consortium CA in " +
                                     ca_path.string());
    }
  }
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

Result<std::unique_ptr<CertificateVerifier>> CertificateVerifier::Load(const std::filesystem::path& ca,
                                                                       const std::filesystem::path& crl) {
  std::unique_ptr<CertificateVerifier> verifier(new CertificateVerifier(ca, crl));
  RADFED_ASSIGN_OR_RETURN(verifier->snapshot_, LoadSnapshot(ca, crl));
  return verifier;
}

Status CertificateVerifier::Reload() {
  RADFED_ASSIGN_OR_RETURN(auto fresh, LoadSnapshot(ca_path_, crl_path_));
  std::lock_guard lock(mu_);
  snapshot_ = std::move(fresh);
  remembered_.clear();
  return Status::Ok();
}

std::shared_ptr<const CertificateVerifier::Snapshot> CertificateVerifier::snapshot() const {
  std::lock_guard lock(mu_);
  return snapshot_;
}

Result<PeerIdentity> CertificateVerifier::Verify(std::string_view pem, std::time_t now) const {
  RADFED_ASSIGN_OR_RETURN(auto accepted, Accept(pem, now));
  return accepted->identity;
}

Result<std::shared_ptr<const CertificateVerifier::Accepted>> CertificateVerifier::Accept(std::string_view pem,
                                                                                       std::time_t now) const {
  const std::string key(pem);
  std::shared_ptr<const Snapshot> snap;
  {
    std::lock_guard lock(mu_);
    snap = snapshot_;
    auto it = remembered_.find(key);
    if (it != remembered_.end() && it->second.snapshot == snap && now >= it->second.valid_from &&
        now <= it->second.valid_until) {
      return it->second.accepted;
    }
  }
  RADFED_ASSIGN_OR_RETURN(X509Ptr cert, ParseCertificatePem(pem, "peer certificate"));
  RADFED_ASSIGN_OR_RETURN(PeerIdentity identity, VerifyWith(*snap, cert.get(), now));
  // X509_verify_cert checks the validity of every certificate in the chain: this one and the CA.
  const std::time_t valid_from =
      std::max(ToTime(X509_get0_notBefore(cert.get())), ToTime(X509_get0_notBefore(snap->ca.get())));
  const std::time_t valid_until =
      std::min(ToTime(X509_get0_notAfter(cert.get())), ToTime(X509_get0_notAfter(snap->ca.get())));
  auto accepted = std::make_shared<const Accepted>(Accepted{std::move(cert), std::move(identity)});
  std::lock_guard lock(mu_);
  // Only under the snapshot it was checked with: a Reload meanwhile must not be undone.
  if (snapshot_ == snap) {
    if (remembered_.size() >= kMaxRemembered) remembered_.clear();
    remembered_[key] = {accepted, snap, valid_from, valid_until};
  }
  return std::shared_ptr<const Accepted>(std::move(accepted));
}

Result<PeerIdentity> CertificateVerifier::Verify(X509* cert, std::time_t now) const {
  return VerifyWith(*snapshot(), cert, now);
}

Result<PeerIdentity> CertificateVerifier::VerifyWith(const Snapshot& snap, X509* cert, std::time_t now) {
  const std::string subject = SubjectName(cert);
  X509StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), snap.ca.get());
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr);
  X509_STORE_CTX_set_time(ctx.get(), 0, now);
  const int ok = X509_verify_cert(ctx.get());
  ERR_clear_error();
  if (ok != 1) {
    const int err = X509_STORE_CTX_get_error(ctx.get());
    switch (err) {
      case X509_V_ERR_CERT_HAS_EXPIRED:
        return Status::Unauthenticated("certificate " + subject + " expired on " +
                                       FormatTime(X509_get0_notAfter(cert)));
      case X509_V_ERR_CERT_NOT_YET_VALID:
        return Status::Unauthenticated("certificate " + subject + " is not valid before " +
                                       FormatTime(X509_get0_notBefore(cert)));
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        return Status::Unauthenticated("certificate " + subject +
                                       " was not issued by the consortium CA (issuer: " + IssuerName(cert) + ")");
      default:
        return Status::Unauthenticated("certificate " + subject + " rejected: " +
                                       X509_verify_cert_error_string(err));
    }
  }
  if (X509_check_ca(cert) != 0) {
    return Status::Unauthenticated("certificate " + subject + " is a CA certificate, not a consortium member's");
  }
  RADFED_ASSIGN_OR_RETURN(PeerIdentity identity, IdentityFromCertificate(cert));
  if (snap.crl) {
    X509_REVOKED* revoked = nullptr;
    if (X509_CRL_get0_by_serial(snap.crl.get(), &revoked, X509_get_serialNumber(cert)) == 1) {
      return Status::Unauthenticated("certificate of " + identity.name + " (" + std::string(RoleName(identity.role)) +
                                     ", serial " + identity.serial_hex + ") was revoked on " +
                                     FormatTime(X509_REVOKED_get0_revocationDate(revoked)));
    }
  }
  return identity;
}

std::optional<std::time_t> CertificateVerifier::RevokedAt(const std::string& serial_hex) const {
  const auto snap = snapshot();
  if (!snap->crl) return std::nullopt;
  BIGNUM* bn = nullptr;
  if (!BN_hex2bn(&bn, serial_hex.c_str())) return std::nullopt;
  ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn, nullptr);
  BN_free(bn);
  X509_REVOKED* revoked = nullptr;
  const int found = X509_CRL_get0_by_serial(snap->crl.get(), &revoked, serial);
  ASN1_INTEGER_free(serial);
  if (found != 1) return std::nullopt;
  return ToTime(X509_REVOKED_get0_revocationDate(revoked));
}

std::set<std::string> CertificateVerifier::RevokedSerials() const {
  const auto snap = snapshot();
  std::set<std::string> out;
  if (!snap->crl) return out;
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(snap->crl.get());
  for (int i = 0; revoked && i < sk_X509_REVOKED_num(revoked); ++i) {
    BIGNUM* bn = ASN1_INTEGER_to_BN(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(revoked, i)), nullptr);
    char* hex = BN_bn2hex(bn);
    std::string s(hex);
    OPENSSL_free(hex);
    BN_free(bn);
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.insert(s);
  }
  return out;
}

}  // namespace radfed::pki
