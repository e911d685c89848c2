// How the secure-aggregation state machines authenticate the X25519 keys of step 1.
//
// Each site signs its two public keys (with the round, study and configuration digest) using its
// certificate's private key; every peer verifies the signature against the consortium CA before
// using the keys. Without this, the coordinator relaying the keys could substitute its own and
// read every share (a man-in-the-middle). The PKI module provides the production implementations;
// secure aggregation depends only on these interfaces.
#pragma once

#include <string_view>

#include "common/crypto/bytes.h"
#include "common/status.h"

namespace radfed::secagg {

// The signing side, held by one site. Called only from the thread driving its client.
class KeySigner {
 public:
  virtual ~KeySigner() = default;

  // A signature over `message` with the site certificate's private key.
  virtual Result<crypto::Bytes> Sign(crypto::ByteView message) = 0;

  // The certificate relayed to peers with the signed keys (e.g. DER), or empty when every peer's
  // verifier already holds the consortium's certificates.
  virtual crypto::Bytes Certificate() const = 0;
};

// The verifying side, held by every site and by the coordinator. Called only from the thread
// driving the state machine that owns the reference.
class PeerKeyVerifier {
 public:
  virtual ~PeerKeyVerifier() = default;

  // OK only if `signature` is a valid signature of `message` by the private key of site
  // `site_id`'s certificate, that certificate chains to the consortium CA, is currently valid and
  // names `site_id`. `certificate` is what the site relayed (possibly empty: the verifier then
  // uses the certificate it holds for `site_id`). Otherwise a non-OK status (Unauthenticated
  // for a bad signature or certificate) whose message names the site and the reason.
  virtual Status Verify(std::string_view site_id, crypto::ByteView certificate,
                        crypto::ByteView message, crypto::ByteView signature) = 0;
};

}  // namespace radfed::secagg
