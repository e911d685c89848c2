// SecAggClient: one site's side of one secure-aggregation round, as an explicit state machine.
//
//   kReady --AdvertiseKeys()--> kAwaitingKeyDirectory
//          --HandleKeyDirectory()--> kAwaitingShareRelay
//          --HandleShareRelay()--> kAwaitingUnmaskingRequest      (SetInput() must precede)
//          --HandleUnmaskingRequest()--> kDone
//   any state --Abort()--> kAborted
//
// Each call returns the message the site must send to the coordinator next. A call made in the
// wrong state, or with a message that fails validation (wrong study, round, step or addressee; a
// key signature that does not verify; a share that does not decrypt; a request that would reveal
// both secrets of one site), returns a Status naming this site and the reason and leaves the
// state machine exactly as it was, so the round engine may log it and keep waiting, or Abort().
//
// The client owns no clock and no thread: the round engine decides when the coordinator has
// given up on a step. Not thread-safe; one client per site per round. Secrets (private keys, the
// mask seed, shares, the encoded input) are wiped when the client is destroyed or no longer
// needs them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/crypto/secret_bytes.h"
#include "common/crypto/sha256.h"
#include "common/crypto/x25519.h"
#include "common/secagg/key_authentication.h"
#include "common/secagg/messages.h"
#include "common/secagg/round_parameters.h"
#include "common/secagg/shamir.h"
#include "common/status.h"

namespace radfed::secagg {

enum class ClientState {
  kReady,
  kAwaitingKeyDirectory,
  kAwaitingShareRelay,
  kAwaitingUnmaskingRequest,
  kDone,
  kAborted,
};
std::string_view ClientStateName(ClientState state);

class SecAggClient {
 public:
  // `site_id` must be a member of `params`. `signer` and `verifier` must be non-null and outlive
  // the client.
  static Result<SecAggClient> Create(RoundParameters params, std::string site_id, KeySigner* signer,
                                     PeerKeyVerifier* verifier);

  ~SecAggClient();
  SecAggClient(SecAggClient&&) noexcept;
  SecAggClient& operator=(SecAggClient&&) noexcept;

  ClientState state() const { return state_; }
  const std::string& site_id() const { return site_id_; }
  const RoundParameters& params() const { return params_; }
  // Why the client aborted; empty otherwise.
  const std::string& abort_reason() const { return abort_reason_; }
  // MaskedInputDigest() of the masked input this site sent, once it has sent one.
  const std::optional<crypto::Sha256Digest>& masked_input_digest() const {
    return masked_input_digest_;
  }

  // Encodes this site's vector (vector_length reals) with the round's fixed-point spec. Refuses
  // NaN, infinities and values beyond max_abs (nothing is kept then), a wrong length, a second
  // call, or a call after the masked input was sent.
  Status SetInput(std::span<const double> values);

  // Step 1 (kReady): fresh X25519 key pairs, signed with the site's certificate key.
  Result<AdvertiseKeysMessage> AdvertiseKeys();

  // Step 2 (kAwaitingKeyDirectory): verifies every advertisement (known site, this round,
  // signature), requires this site's own keys unchanged and at least `threshold` entries; then
  // shares the masking key and a fresh mask seed t-of-|directory| and encrypts each peer's pair of
  // shares under the pairwise key.
  Result<ShareKeysMessage> HandleKeyDirectory(const KeyDirectoryMessage& directory);

  // Step 3 (kAwaitingShareRelay, input set): decrypts the shares from every relayed peer (all
  // must be in the directory and authenticate); the relayed peers plus this site must number at
  // least `threshold`. Returns the masked input y = x + PRG(b) + sum of pair masks over exactly
  // those peers.
  Result<MaskedInputMessage> HandleShareRelay(const ShareRelayMessage& relay);

  // Step 4 (kAwaitingUnmaskingRequest): requires survivors and dropped to be disjoint, to
  // partition exactly the sites this client exchanged shares with (plus itself), to include this
  // site among the survivors and to hold at least `threshold` survivors. Reveals mask-seed shares
  // of survivors and masking-key shares of dropped sites, then moves to kDone: a client answers
  // one unmasking request per round, never a second.
  Result<UnmaskingResponseMessage> HandleUnmaskingRequest(const UnmaskingRequestMessage& request);

  // Gives up on the round (e.g. the engine's deadline passed); wipes all secrets. No-op when
  // already kDone or kAborted.
  void Abort(std::string reason);

 private:
  struct Peer {
    crypto::X25519PublicKey encryption_key{};
    crypto::X25519PublicKey masking_key{};
  };
  struct HeldShares {  // the shares this site holds of one site's two secrets
    ShamirValues masking_key{};
    ShamirValues mask_seed{};
  };

  SecAggClient(RoundParameters params, std::string site_id, uint32_t index, KeySigner* signer,
               PeerKeyVerifier* verifier);

  Status CheckState(ClientState expected, std::string_view action) const;
  Status CheckHeader(const MessageHeader& header, Step step, std::string_view what) const;
  Status Error(StatusCode code, std::string_view message) const;
  void WipeSecrets();

  RoundParameters params_;
  std::string site_id_;
  uint32_t index_;
  KeySigner* signer_;
  PeerKeyVerifier* verifier_;

  ClientState state_ = ClientState::kReady;
  std::string abort_reason_;

  std::optional<crypto::X25519KeyPair> encryption_keys_;  // c_u
  std::optional<crypto::X25519KeyPair> masking_keys_;     // s_u
  crypto::SecretBytes mask_seed_;                         // b_u
  std::vector<uint64_t> input_;                           // encoded x_u
  bool has_input_ = false;

  std::map<uint32_t, Peer> directory_;                  // U1 (includes this site)
  std::map<uint32_t, crypto::SecretBytes> share_keys_;  // pairwise AES keys with U1 peers
  std::map<uint32_t, HeldShares> held_;                 // by owner; U2 once relayed
  std::optional<crypto::Sha256Digest> masked_input_digest_;
};

}  // namespace radfed::secagg
