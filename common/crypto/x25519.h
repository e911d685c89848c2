// X25519 key pairs and Diffie-Hellman agreement (RFC 7748) through OpenSSL EVP.
//
// The secure-aggregation protocol needs the raw private key (it is secret-shared so that the
// coordinator can recover the pairwise masks of a site that drops out), so key pairs are built
// from 32 bytes of private-DRBG output and can be rebuilt from those bytes.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "common/crypto/bytes.h"
#include "common/crypto/secret_bytes.h"
#include "common/status.h"

namespace radfed::crypto {

inline constexpr size_t kX25519KeySize = 32;
using X25519PublicKey = std::array<uint8_t, kX25519KeySize>;

// Immutable after construction, so const methods may be called from several threads.
class X25519KeyPair {
 public:
  // A fresh key pair from the private DRBG.
  static Result<X25519KeyPair> Generate();
  // The key pair whose private key is `private_key` (exactly 32 bytes, any value).
  static Result<X25519KeyPair> FromPrivateKey(ByteView private_key);

  const X25519PublicKey& public_key() const { return public_key_; }
  // The raw 32-byte private key. OpenSSL wipes its own copy when the pair is destroyed.
  Result<SecretBytes> PrivateKey() const;
  // The raw 32-byte shared secret with `peer`. Fails (InvalidArgument) for low-order peer keys,
  // whose shared secret would be all zeros and known to everyone.
  Result<SecretBytes> Agree(const X25519PublicKey& peer) const;

 private:
  struct PkeyDeleter {
    void operator()(void* pkey) const;
  };
  X25519KeyPair(void* pkey, const X25519PublicKey& public_key)
      : pkey_(pkey), public_key_(public_key) {}

  std::unique_ptr<void, PkeyDeleter> pkey_;
  X25519PublicKey public_key_;
};

}  // namespace radfed::crypto
