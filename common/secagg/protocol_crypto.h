// The cryptographic conventions the client and server state machines must agree on: pairwise key
// derivation, the layout and associated data of encrypted shares, and mask expansion.
//
// Pairwise keys: HKDF-SHA256(ikm = X25519 shared secret, salt = round config digest,
// info = label || lower index || higher index). The salt binds every key to one round of one
// study, and the two labels make the share-encryption key (from the c keys) and the mask seed
// (from the s keys) independent even if a site reused a key.
//
// Masks: site u adds PRG(b_u) and, for every other site v in the round, +PRG(s_uv) when
// index(u) < index(v) and -PRG(s_uv) otherwise, so each pair's masks cancel in the sum.
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/crypto/bytes.h"
#include "common/crypto/secret_bytes.h"
#include "common/crypto/sha256.h"
#include "common/crypto/x25519.h"
#include "common/secagg/shamir.h"
#include "common/status.h"

namespace radfed::secagg {

enum class PairwiseKeyPurpose {
  kShareEncryption,  // AES-256-GCM key for the shares exchanged in step 2 (from c keys)
  kMask,             // PRG seed of the pair mask of step 3 (from s keys)
};

// The 32-byte key of the pair (own_index, peer_index); both sites of the pair, and the
// coordinator holding a reconstructed private key, derive the same bytes.
Result<crypto::SecretBytes> DerivePairwiseKey(PairwiseKeyPurpose purpose,
                                              const crypto::X25519KeyPair& own,
                                              const crypto::X25519PublicKey& peer,
                                              uint32_t own_index, uint32_t peer_index,
                                              const crypto::Sha256Digest& config_digest);

// Associated data of the ciphertext carrying shares from site `from` to site `to` (indices), so
// a ciphertext cannot be replayed in another round or redirected to another pair or direction.
crypto::Bytes ShareAssociatedData(const crypto::Sha256Digest& config_digest, uint32_t from,
                                  uint32_t to);

// Share plaintext: the values of the masking-key share, then of the mask-seed share, as
// little-endian words (kSharePlaintextSize bytes).
crypto::SecretBytes EncodeSharePair(const ShamirValues& masking_key, const ShamirValues& mask_seed);
// Inverse of EncodeSharePair; InvalidArgument on a wrong size or a value outside the field.
Status DecodeSharePair(crypto::ByteView plaintext, ShamirValues& masking_key,
                       ShamirValues& mask_seed);

// One PRG stream to fold into a vector.
struct MaskTerm {
  crypto::SecretBytes seed;  // 32 bytes
  bool add = true;           // words += PRG(seed) if true, words -= PRG(seed) otherwise
};

// Whether the site with index `own` adds (true) or subtracts its mask shared with `peer`.
inline bool PairMaskAdds(uint32_t own, uint32_t peer) { return own < peer; }

// Applies every term to `words`. The vector is processed in cache-sized blocks with all streams
// advancing together, so it is read and written once however many terms there are.
Status ApplyMasks(std::span<uint64_t> words, std::span<const MaskTerm> terms);

}  // namespace radfed::secagg
