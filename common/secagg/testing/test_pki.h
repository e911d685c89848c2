// Test-only stand-in for the consortium PKI: one P-256 ECDSA key per site, raw OpenSSL.
//
// The "certificate" a TestSiteKey relays is its DER SubjectPublicKeyInfo; TestPki, playing the
// CA, accepts a signature only from the key it registered for the claimed site, and only if the
// relayed certificate is empty or that same key. Used by unit tests and benchmarks; production
// code uses the implementations in common/pki/.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto/bytes.h"
#include "common/secagg/key_authentication.h"
#include "common/status.h"

namespace radfed::secagg::testing {

class TestSiteKey : public KeySigner {
 public:
  // A fresh P-256 key pair.
  static Result<std::unique_ptr<TestSiteKey>> Generate();
  ~TestSiteKey() override;

  Result<crypto::Bytes> Sign(crypto::ByteView message) override;
  crypto::Bytes Certificate() const override { return public_key_der_; }
  const crypto::Bytes& public_key_der() const { return public_key_der_; }

 private:
  TestSiteKey(void* pkey, crypto::Bytes public_key_der)
      : pkey_(pkey), public_key_der_(std::move(public_key_der)) {}

  void* pkey_;  // EVP_PKEY
  crypto::Bytes public_key_der_;
};

class TestPki : public PeerKeyVerifier {
 public:
  // Registers every site in `sites` with a fresh key.
  static Result<std::unique_ptr<TestPki>> Create(const std::vector<std::string>& sites);

  // The registered signer of `site_id`, or nullptr if the site is unknown. Owned by the TestPki.
  TestSiteKey* SignerFor(std::string_view site_id);

  Status Verify(std::string_view site_id, crypto::ByteView certificate, crypto::ByteView message,
                crypto::ByteView signature) override;

  // How many Verify calls have been made (lets tests check that verification happened).
  int verify_calls() const { return verify_calls_; }

 private:
  TestPki() = default;

  std::map<std::string, std::unique_ptr<TestSiteKey>, std::less<>> keys_;
  int verify_calls_ = 0;
};

}  // namespace radfed::secagg::testing
