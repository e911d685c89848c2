// Small RAII and error helpers around OpenSSL 3 objects used by the PKI code.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <memory>
#include <string>

#include "common/status.h"

namespace radfed::pki {

struct X509Free { void operator()(X509* p) const { X509_free(p); } };
struct X509CrlFree { void operator()(X509_CRL* p) const { X509_CRL_free(p); } };
struct EvpPkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509StoreFree { void operator()(X509_STORE* p) const { X509_STORE_free(p); } };
struct BioFree { void operator()(BIO* b) const { BIO_free(b); } };
using X509Ptr = std::unique_ptr<X509, X509Free>;
using X509CrlPtr = std::unique_ptr<X509_CRL, X509CrlFree>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;
using X509StorePtr = std::unique_ptr<X509_STORE, X509StoreFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

// The oldest queued OpenSSL error as text (and clears the queue), for messages.
std::string OpenSslError();

Result<X509Ptr> ParseCertificatePem(std::string_view pem, const std::string& source);
Result<X509Ptr> ReadCertificate(const std::filesystem::path& path);
Result<X509CrlPtr> ReadCrl(const std::filesystem::path& path);
Result<EvpPkeyPtr> ReadPrivateKey(const std::filesystem::path& path);
std::string CertificatePem(X509* cert);

// "CN=site-a" style one-line subject / issuer names.
std::string SubjectName(X509* cert);
std::string IssuerName(X509* cert);
// Hex serial number, lower case.
std::string SerialHex(X509* cert);
// SHA-256 of the DER encoding, hex.
std::string Fingerprint(X509* cert);
// "2026-11-24 12:00:00 UTC"
std::string FormatTime(const ASN1_TIME* time);


}  // namespace radfed::pki
