// KeySigner and PeerKeyVerifier backed by the consortium PKI: a site signs its round keys with
// its certificate's key and relays its certificate (PEM); every peer accepts the keys only if the
// certificate chains to the consortium CA, is valid now, and names the site as a node.
#pragma once

#include <memory>

#include "common/pki/certificate_verifier.h"
#include "common/pki/signer.h"
#include "common/secagg/key_authentication.h"

namespace radfed::secagg {

class CertificateKeySigner final : public KeySigner {
 public:
  explicit CertificateKeySigner(pki::Signer signer) : signer_(std::move(signer)) {}
  Result<crypto::Bytes> Sign(crypto::ByteView message) override;
  crypto::Bytes Certificate() const override;

 private:
  pki::Signer signer_;
};

class CertificateKeyVerifier final : public PeerKeyVerifier {
 public:
  // `verifier` must outlive this object.
  explicit CertificateKeyVerifier(const pki::CertificateVerifier* verifier) : verifier_(verifier) {}
  Status Verify(std::string_view site_id, crypto::ByteView certificate, crypto::ByteView message,
                crypto::ByteView signature) override;

 private:
  const pki::CertificateVerifier* verifier_;
};

}  // namespace radfed::secagg
