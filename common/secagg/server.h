// SecAggServer: the coordinator's side of one secure-aggregation round, as an explicit state
// machine.
//
//   kAwaitingKeys --CloseStep()--> kAwaitingShares --CloseStep()--> kAwaitingMaskedInputs
//     --CloseStep()--> kAwaitingUnmasking --CloseStep()--> kDone
//   any step: fewer than `threshold` sites answered --CloseStep()--> kAborted; Abort() likewise.
//
// In each step the round engine feeds the sites' messages to the matching Handle* method and
// calls CloseStep() when its deadline passes or AllExpectedReceived() turns true (the server owns
// no clock and no thread). Sites that did not answer are dropped for the rest of the round:
//   * silent in step 1 or 2: excluded; no mask involving them was ever added;
//   * silent in step 3: survivors reveal shares of its masking key, and the server removes its
//     pair masks from the survivors' inputs;
//   * silent in step 4: harmless while at least `threshold` sites answer.
// After a CloseStep() that moved on, Recipients() lists the sites to send the next message to and
// KeyDirectoryFor / ShareRelayFor / UnmaskingRequestFor build each one.
//
// Rejections (wrong study, round or step; unknown, excluded or duplicate sender; a second masked
// input; a wrong vector length; a bad signature; a share the request did not ask for) return a
// Status naming the site and the reason and leave the state untouched. The server never asks
// for, and never accepts, both the mask-seed share and the masking-key share of one site.
//
// The engine must pass only messages whose header.site_id equals the mutually authenticated TLS
// peer; the server checks everything else. Not thread-safe; one server per round. Copyable (a
// snapshot of the round).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/secagg/key_authentication.h"
#include "common/secagg/messages.h"
#include "common/secagg/round_audit.h"
#include "common/secagg/round_parameters.h"
#include "common/secagg/shamir.h"
#include "common/status.h"

namespace radfed::secagg {

enum class ServerState {
  kAwaitingKeys,
  kAwaitingShares,
  kAwaitingMaskedInputs,
  kAwaitingUnmasking,
  kDone,
  kAborted,
};
std::string_view ServerStateName(ServerState state);

class SecAggServer {
 public:
  // `verifier` must be non-null and outlive the server; it checks each key advertisement when it
  // arrives, so one site with a bad signature is dropped instead of stalling every peer.
  static Result<SecAggServer> Create(RoundParameters params, PeerKeyVerifier* verifier);

  ServerState state() const { return state_; }
  const RoundParameters& params() const { return params_; }
  const std::string& abort_reason() const { return audit_.abort_reason; }
  const RoundAudit& audit() const { return audit_; }

  // Step 1 (kAwaitingKeys).
  Status HandleAdvertiseKeys(const AdvertiseKeysMessage& message);
  // Step 2 (kAwaitingShares): exactly one well-sized ciphertext per other site of the directory.
  Status HandleShareKeys(const ShareKeysMessage& message);
  // Step 3 (kAwaitingMaskedInputs): vector of masked_words() words; one per site. The input is
  // added to a running sum at once and only its digest is kept.
  Status HandleMaskedInput(const MaskedInputMessage& message);
  // Step 4 (kAwaitingUnmasking): exactly the shares the unmasking request asked of this site.
  Status HandleUnmaskingResponse(const UnmaskingResponseMessage& message);

  // Whether every site expected in the current step has answered (the engine may close early).
  bool AllExpectedReceived() const;

  // Ends the current step with the sites that answered. Moves to the next step, or, after step 4,
  // reconstructs the secrets and unmasks the sum (kDone). Returns Aborted (and enters kAborted)
  // when fewer than `threshold` sites answered or unmasking failed; FailedPrecondition in
  // kDone / kAborted.
  Status CloseStep();

  // Gives up on the round; no-op when already kDone or kAborted.
  void Abort(std::string reason);

  // The sites to which the next message must be sent, in round site order: the key directory
  // (kAwaitingShares), the share relay (kAwaitingMaskedInputs) or the unmasking request
  // (kAwaitingUnmasking); empty in other states.
  std::vector<std::string> Recipients() const;
  // The message for one recipient; FailedPrecondition in another state, NotFound for a site that
  // is not a recipient.
  Result<KeyDirectoryMessage> KeyDirectoryFor(std::string_view site_id) const;
  Result<ShareRelayMessage> ShareRelayFor(std::string_view site_id) const;
  Result<UnmaskingRequestMessage> UnmaskingRequestFor(std::string_view site_id) const;

  // kDone only (empty otherwise): the word-wise sum mod 2^64 of the encoded inputs of
  // audit().contributors.
  const std::vector<uint64_t>& sum() const { return sum_; }
  // kDone only: sum() decoded with the round's fixed-point spec; OutOfRange on overflow.
  Result<std::vector<double>> DecodedSum() const;

 private:
  SecAggServer(RoundParameters params, PeerKeyVerifier* verifier)
      : params_(std::move(params)), verifier_(verifier) {}

  Status Error(StatusCode code, std::string_view message) const;
  // Checks state, header (study, round, step) and that the sender belongs to `expected` and has
  // not answered yet; yields the sender's index.
  Result<uint32_t> CheckSender(const MessageHeader& header, ServerState state, Step step,
                               const std::set<uint32_t>& expected,
                               const std::set<uint32_t>& answered, std::string_view what) const;
  Result<uint32_t> CheckRecipient(std::string_view site_id, ServerState state,
                                  const std::set<uint32_t>& recipients) const;
  const std::set<uint32_t>& Expected() const;
  const std::set<uint32_t>& Answered() const;
  Status Unmask();
  Status AbortWith(std::string reason);
  std::vector<std::string> Names(const std::set<uint32_t>& indices) const;

  RoundParameters params_;
  PeerKeyVerifier* verifier_;
  ServerState state_ = ServerState::kAwaitingKeys;
  RoundAudit audit_;

  // Sites of each stage; each set grows while its step is open and is frozen when it closes:
  // U1 advertised keys, U2 shared keys, U3 sent masked inputs, U4 answered the unmasking request.
  std::set<uint32_t> all_sites_;
  std::set<uint32_t> u1_;
  std::set<uint32_t> u2_;
  std::set<uint32_t> u3_;
  std::set<uint32_t> u4_;
  std::map<uint32_t, AdvertiseKeysMessage> advertisements_;  // by sender, for U1
  // ciphertexts_[sender][recipient], for senders in U2; released once relayed.
  std::map<uint32_t, std::map<uint32_t, crypto::Bytes>> ciphertexts_;
  std::vector<uint64_t> sum_;  // running sum of masked inputs, then the unmasked sum
  // Revealed shares by owner (x is the responder's index): mask seeds of U3, masking keys of
  // U2 \ U3. The two maps never share an owner.
  std::map<uint32_t, std::vector<ShamirShare>> seed_shares_;
  std::map<uint32_t, std::vector<ShamirShare>> key_shares_;
};

}  // namespace radfed::secagg
