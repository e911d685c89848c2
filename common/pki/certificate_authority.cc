#include "common/pki/certificate_authority.h"

#include "common/pki/signer.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <functional>

#include "common/io/file_writing.h"
#include "common/pki/openssl_util.h"

namespace radfed::pki {
namespace {

std::string Pem(const std::function<int(BIO*)>& write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  write(bio.get());
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<EvpPkeyPtr> NewKey() {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return Status::Internal("cannot generate an ECDSA P-256 key: " + OpenSslError());
  return key;
}

Status AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return Status::InvalidArgument("bad certificate extension '" + value + "': " + OpenSslError());
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (!ok) return Status::Internal("cannot add certificate extension: " + OpenSslError());
  return Status::Ok();
}

Status SetRandomSerial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Status::Internal("no randomness for a serial number");
  bytes[0] &= 0x7f;  // positive
  bytes[0] |= 0x01;  // and of full length
  BIGNUM* bn = BN_bin2bn(bytes, sizeof bytes, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
  BN_free(bn);
  return Status::Ok();
}

// DNS names and IP addresses only: anything else could smuggle extra SAN entries (e.g. a second
// identity URI) into the extension string.
Result<std::string> SanEntry(const std::string& san) {
  unsigned char buf[16];
  if (inet_pton(AF_INET, san.c_str(), buf) == 1 || inet_pton(AF_INET6, san.c_str(), buf) == 1) {
    return "IP:" + san;
  }
  if (san.empty() || san.size() > 253) return Status::InvalidArgument("--san '" + san + "' is not a DNS name or IP address");
  for (char c : san) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '*';
    if (!ok) return Status::InvalidArgument("--san '" + san + "' is not a DNS name or IP address");
  }
  return "DNS:" + san;
}

std::string UtcText(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

Result<X509Ptr> BuildCertificate(X509* issuer, EVP_PKEY* issuer_key, EVP_PKEY* subject_key,
                                 const std::string& common_name, std::time_t not_before,
                                 std::time_t not_after, bool is_ca,
                                 const std::vector<std::string>& extensions_after) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  RADFED_RETURN_IF_ERROR(SetRandomSerial(cert.get()));
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("radfed"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), not_before);
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), not_after);
  X509_set_pubkey(cert.get(), subject_key);
  X509* signer = issuer ? issuer : cert.get();
  RADFED_RETURN_IF_ERROR(AddExtension(cert.get(), signer, NID_basic_constraints,
                                      is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE"));
  RADFED_RETURN_IF_ERROR(AddExtension(cert.get(), signer, NID_key_usage,
                                      is_ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature"));
  RADFED_RETURN_IF_ERROR(AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash"));
  if (issuer) RADFED_RETURN_IF_ERROR(AddExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always"));
  for (size_t i = 0; i + 1 < extensions_after.size(); i += 2) {
    RADFED_RETURN_IF_ERROR(AddExtension(cert.get(), signer, OBJ_txt2nid(extensions_after[i].c_str()),
                                        extensions_after[i + 1]));
  }
  if (!X509_sign(cert.get(), issuer_key, EVP_sha256())) {
    return Status::Internal("cannot sign the certificate: " + OpenSslError());
  }
  return cert;
}

std::string KeyPem(EVP_PKEY* key) {
  return Pem([&](BIO* b) { return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
}

}  // namespace

Status CertificateAuthority::Init(const std::filesystem::path& dir, int days, const std::string& common_name) {
  if (days < 1 || days > kMaxValidityDays) {
    return Status::InvalidArgument("--days must be from 1 to " + std::to_string(kMaxValidityDays));
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(dir.string() + ": " + ec.message());
  if (std::filesystem::exists(dir / "ca.key") || std::filesystem::exists(dir / "ca.crt")) {
    return Status::AlreadyExists(dir.string() + " already holds a CA (ca.crt/ca.key); refusing to replace it");
  }
  RADFED_ASSIGN_OR_RETURN(EvpPkeyPtr key, NewKey());
  const std::time_t now = std::time(nullptr);
  RADFED_ASSIGN_OR_RETURN(X509Ptr cert, BuildCertificate(nullptr, key.get(), key.get(), common_name,
                                                         now - 60, now + days * 86400LL, true, {}));
  RADFED_RETURN_IF_ERROR(io::WriteNewFile(dir / "ca.key", KeyPem(key.get()), 0600));
  RADFED_RETURN_IF_ERROR(io::WriteNewFile(dir / "ca.crt", CertificatePem(cert.get()), 0644));
  CertificateAuthority ca(dir);
  RADFED_RETURN_IF_ERROR(ca.SaveIndex());
  return ca.WriteCrl();
}

Result<CertificateAuthority> CertificateAuthority::Open(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir / "ca.key")) {
    return Status::NotFound(dir.string() + ": no CA here (run `radfed pki init --dir " + dir.string() + "` first)");
  }
  // Certificates and CRLs signed with a key that is not the CA certificate's would be refused by
  // every verifier; catch a mixed-up directory before writing any.
  RADFED_RETURN_IF_ERROR(Signer::Load(dir / "ca.key", dir / "ca.crt").status());
  CertificateAuthority ca(dir);
  RADFED_RETURN_IF_ERROR(ca.LoadIndex());
  return ca;
}

Status CertificateAuthority::LoadIndex() {
  std::ifstream in(dir_ / "index.json");
  if (!in) return Status::NotFound((dir_ / "index.json").string() + ": cannot open the issuance index");
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return Status::DataLoss((dir_ / "index.json").string() + ": not valid JSON");
  try {
    crl_number_ = j.at("crl_number").get<uint64_t>();
    for (const auto& e : j.at("certificates")) {
      IndexEntry entry;
      entry.name = e.at("name");
      RADFED_ASSIGN_OR_RETURN(entry.role, ParseRole(e.at("role").get<std::string>()));
      entry.serial_hex = e.at("serial");
      entry.not_after = e.at("not_after");
      entry.revoked_at = e.value("revoked_at", "");
      if (!entry.revoked_at.empty()) revoked_.emplace_back(entry.serial_hex, e.at("revoked_unix").get<std::time_t>());
      index_.push_back(std::move(entry));
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::DataLoss((dir_ / "index.json").string() + ": " + e.what());
  }
  return Status::Ok();
}

Status CertificateAuthority::SaveIndex() const {
  nlohmann::json certs = nlohmann::json::array();
  for (const IndexEntry& e : index_) {
    nlohmann::json j = {{"name", e.name}, {"role", RoleName(e.role)}, {"serial", e.serial_hex},
                        {"not_after", e.not_after}};
    if (!e.revoked_at.empty()) {
      j["revoked_at"] = e.revoked_at;
      for (const auto& [serial, when] : revoked_)
        if (serial == e.serial_hex) j["revoked_unix"] = when;
    }
    certs.push_back(j);
  }
  nlohmann::json index = {{"crl_number", crl_number_}, {"certificates", certs}};
  return io::WriteFileAtomic(dir_ / "index.json", index.dump(2) + "\n", 0644);
}

Status CertificateAuthority::WriteCrl() const {
  RADFED_ASSIGN_OR_RETURN(X509Ptr ca, ReadCertificate(dir_ / "ca.crt"));
  RADFED_ASSIGN_OR_RETURN(EvpPkeyPtr key, ReadPrivateKey(dir_ / "ca.key"));
  X509CrlPtr crl(X509_CRL_new());
  X509_CRL_set_version(crl.get(), 1);  // v2
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca.get()));
  const std::time_t now = std::time(nullptr);
  ASN1_TIME* last = ASN1_TIME_set(nullptr, now);
  ASN1_TIME* next = ASN1_TIME_set(nullptr, now + 365 * 86400LL);
  X509_CRL_set1_lastUpdate(crl.get(), last);
  X509_CRL_set1_nextUpdate(crl.get(), next);
  ASN1_TIME_free(last);
  ASN1_TIME_free(next);
  for (const auto& [serial, when] : revoked_) {
    X509_REVOKED* r = X509_REVOKED_new();
    BIGNUM* bn = nullptr;
    BN_hex2bn(&bn, serial.c_str());
    ASN1_INTEGER* asn = BN_to_ASN1_INTEGER(bn, nullptr);
    X509_REVOKED_set_serialNumber(r, asn);
    ASN1_TIME* t = ASN1_TIME_set(nullptr, when);
    X509_REVOKED_set_revocationDate(r, t);
    ASN1_TIME_free(t);
    ASN1_INTEGER_free(asn);
    BN_free(bn);
    X509_CRL_add0_revoked(crl.get(), r);
  }
  ASN1_INTEGER* number = ASN1_INTEGER_new();
  ASN1_INTEGER_set_uint64(number, crl_number_);
  X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number, 0, 0);
  ASN1_INTEGER_free(number);
  X509_CRL_sort(crl.get());
  if (!X509_CRL_sign(crl.get(), key.get(), EVP_sha256())) return Status::Internal("cannot sign the CRL: " + OpenSslError());
  const std::string pem = Pem([&](BIO* b) { return PEM_write_bio_X509_CRL(b, crl.get()); });
  return io::WriteFileAtomic(dir_ / "ca.crl", pem, 0644);
}

Status CertificateAuthority::Issue(const IssueRequest& request) {
  if (!IsValidName(request.name) || request.name == "ca" || request.name == "index") {
    return Status::InvalidArgument("'" + request.name +
                                   "' is not a valid name (lower-case letters, digits, '.', '_', '-'; "
                                   "starting with a letter or digit; at most 63 characters)");
  }
  for (const IndexEntry& e : index_) {
    if (e.name == request.name) {
      return Status::AlreadyExists("a certificate named '" + request.name + "' was already issued (serial " +
                                   e.serial_hex + "); revoke it and choose a new name");
    }
  }
  if (std::filesystem::exists(dir_ / (request.name + ".crt")) || std::filesystem::exists(dir_ / (request.name + ".key"))) {
    return Status::AlreadyExists((dir_ / (request.name + ".crt")).string() + " exists; refusing to overwrite");
  }
  if (!request.not_after && (request.days < 1 || request.days > kMaxValidityDays)) {
    return Status::InvalidArgument("--days must be from 1 to " + std::to_string(kMaxValidityDays));
  }
  std::string san = "URI:" + IdentityUri(request.role, request.name);
  for (const std::string& s : request.sans) {
    RADFED_ASSIGN_OR_RETURN(std::string entry, SanEntry(s));
    san += "," + entry;
  }
  const std::string eku = request.role == Role::kCoordinator ? "serverAuth,clientAuth" : "clientAuth";
  RADFED_ASSIGN_OR_RETURN(X509Ptr ca, ReadCertificate(dir_ / "ca.crt"));
  RADFED_ASSIGN_OR_RETURN(EvpPkeyPtr ca_key, ReadPrivateKey(dir_ / "ca.key"));
  RADFED_ASSIGN_OR_RETURN(EvpPkeyPtr key, NewKey());
  const std::time_t now = std::time(nullptr);
  const std::time_t not_before = request.not_before.value_or(now - 60);
  const std::time_t not_after = request.not_after.value_or(now + request.days * 86400LL);
  RADFED_ASSIGN_OR_RETURN(X509Ptr cert,
                          BuildCertificate(ca.get(), ca_key.get(), key.get(), request.name, not_before,
                                           not_after, false,
                                           {"subjectAltName", san, "extendedKeyUsage", eku}));
  RADFED_RETURN_IF_ERROR(io::WriteNewFile(dir_ / (request.name + ".key"), KeyPem(key.get()), 0600));
  RADFED_RETURN_IF_ERROR(io::WriteNewFile(dir_ / (request.name + ".crt"), CertificatePem(cert.get()), 0644));
  index_.push_back({request.name, request.role, SerialHex(cert.get()), UtcText(not_after), ""});
  return SaveIndex();
}

Status CertificateAuthority::Revoke(const std::string& name, std::time_t when) {
  for (IndexEntry& e : index_) {
    if (e.name != name) continue;
    if (!e.revoked_at.empty()) return Status::AlreadyExists("'" + name + "' was already revoked on " + e.revoked_at);
    e.revoked_at = UtcText(when);
    revoked_.emplace_back(e.serial_hex, when);
    ++crl_number_;
    RADFED_RETURN_IF_ERROR(WriteCrl());
    return SaveIndex();
  }
  return Status::NotFound("no certificate named '" + name + "' was issued by the CA in " + dir_.string());
}

}  // namespace radfed::pki
