#include "common/secagg/server.h"

#include <algorithm>
#include <utility>

#include "common/crypto/x25519.h"
#include "common/secagg/protocol_crypto.h"

namespace radfed::secagg {

std::string_view ServerStateName(ServerState state) {
  switch (state) {
    case ServerState::kAwaitingKeys:
      return "awaiting-keys";
    case ServerState::kAwaitingShares:
      return "awaiting-shares";
    case ServerState::kAwaitingMaskedInputs:
      return "awaiting-masked-inputs";
    case ServerState::kAwaitingUnmasking:
      return "awaiting-unmasking";
    case ServerState::kDone:
      return "done";
    case ServerState::kAborted:
      return "aborted";
  }
  return "unknown";
}

Result<SecAggServer> SecAggServer::Create(RoundParameters params, PeerKeyVerifier* verifier) {
  if (verifier == nullptr) {
    return Status::InvalidArgument("secure aggregation coordinator for study '" +
                                   params.study_id() + "': a peer key verifier is required");
  }
  SecAggServer server(std::move(params), verifier);
  for (uint32_t i = 1; i <= server.params_.site_count(); ++i) server.all_sites_.insert(i);
  return server;
}

Status SecAggServer::Error(StatusCode code, std::string_view message) const {
  return Status(code, "secure aggregation coordinator, study '" + params_.study_id() + "' round " +
                          std::to_string(params_.round_id()) + ": " + std::string(message));
}

std::vector<std::string> SecAggServer::Names(const std::set<uint32_t>& indices) const {
  std::vector<std::string> names;
  names.reserve(indices.size());
  for (uint32_t index : indices) names.push_back(params_.SiteAt(index));
  return names;
}

Result<uint32_t> SecAggServer::CheckSender(const MessageHeader& header, ServerState state,
                                           Step step, const std::set<uint32_t>& expected,
                                           const std::set<uint32_t>& answered,
                                           std::string_view what) const {
  const std::string from = std::string(what) + " from site '" + header.site_id + "'";
  if (header.study_id != params_.study_id()) {
    return Error(StatusCode::kInvalidArgument,
                 from + " is for study '" + header.study_id + "', not this one");
  }
  if (header.round_id != params_.round_id()) {
    return Error(
        StatusCode::kInvalidArgument,
        from + " is for round " + std::to_string(header.round_id) + " (stale or replayed message)");
  }
  if (header.step != step) {
    return Error(StatusCode::kInvalidArgument, from + " carries step " +
                                                   std::string(StepName(header.step)) +
                                                   ", expected " + std::string(StepName(step)));
  }
  std::optional<uint32_t> index = params_.IndexOf(header.site_id);
  if (!index) {
    return Error(StatusCode::kPermissionDenied, from + ": the site is not a member of this round");
  }
  if (state_ != state) {
    return Error(StatusCode::kFailedPrecondition,
                 from + " arrived while the coordinator is in state " +
                     std::string(ServerStateName(state_)) + " (too late or out of order)");
  }
  if (expected.count(*index) == 0) {
    return Error(StatusCode::kFailedPrecondition,
                 from + ": the site dropped out of this round in an earlier step");
  }
  if (answered.count(*index) != 0) {
    return Error(StatusCode::kAlreadyExists,
                 from + ": the site already sent one for this step; the second is refused");
  }
  return *index;
}

Status SecAggServer::HandleAdvertiseKeys(const AdvertiseKeysMessage& message) {
  RADFED_ASSIGN_OR_RETURN(
      uint32_t index, CheckSender(message.header, ServerState::kAwaitingKeys, Step::kAdvertiseKeys,
                                  all_sites_, u1_, "key advertisement"));
  const std::string& site = message.header.site_id;
  Status verified =
      verifier_->Verify(site, message.certificate,
                        KeyAdvertisementPayload(params_.digest(), message), message.signature);
  if (!verified.ok()) {
    return Error(StatusCode::kUnauthenticated, "key advertisement from site '" + site +
                                                   "' failed verification: " + verified.ToString());
  }
  // A low-order key would make every peer's agreement fail in step 2; refuse it here, where only
  // this site is affected. Agreement with a throwaway key detects it.
  RADFED_ASSIGN_OR_RETURN(crypto::X25519KeyPair probe, crypto::X25519KeyPair::Generate());
  for (const crypto::X25519PublicKey* key : {&message.encryption_key, &message.masking_key}) {
    if (!probe.Agree(*key).ok()) {
      return Error(StatusCode::kInvalidArgument,
                   "key advertisement from site '" + site + "' carries a low-order public key");
    }
  }
  advertisements_[index] = message;
  u1_.insert(index);
  return Status::Ok();
}

Status SecAggServer::HandleShareKeys(const ShareKeysMessage& message) {
  RADFED_ASSIGN_OR_RETURN(uint32_t index, CheckSender(message.header, ServerState::kAwaitingShares,
                                                      Step::kShareKeys, u1_, u2_, "share message"));
  const std::string from = "share message from site '" + message.header.site_id + "'";
  std::map<uint32_t, crypto::Bytes> by_recipient;
  for (const EncryptedShares& entry : message.shares) {
    std::optional<uint32_t> recipient = params_.IndexOf(entry.site_id);
    if (!recipient || u1_.count(*recipient) == 0 || *recipient == index) {
      return Error(StatusCode::kInvalidArgument,
                   from + " addresses site '" + entry.site_id +
                       "', which is not another site of the key directory");
    }
    if (entry.ciphertext.size() != kShareCiphertextSize) {
      return Error(StatusCode::kInvalidArgument,
                   from + ": ciphertext for site '" + entry.site_id + "' has " +
                       std::to_string(entry.ciphertext.size()) + " bytes, expected " +
                       std::to_string(kShareCiphertextSize));
    }
    if (!by_recipient.emplace(*recipient, entry.ciphertext).second) {
      return Error(StatusCode::kInvalidArgument,
                   from + " addresses site '" + entry.site_id + "' twice");
    }
  }
  if (by_recipient.size() != u1_.size() - 1) {
    for (uint32_t peer : u1_) {
      if (peer != index && by_recipient.count(peer) == 0) {
        return Error(StatusCode::kInvalidArgument,
                     from + " has no shares for site '" + params_.SiteAt(peer) + "'");
      }
    }
  }
  ciphertexts_[index] = std::move(by_recipient);
  u2_.insert(index);
  return Status::Ok();
}

Status SecAggServer::HandleMaskedInput(const MaskedInputMessage& message) {
  RADFED_ASSIGN_OR_RETURN(uint32_t index,
                          CheckSender(message.header, ServerState::kAwaitingMaskedInputs,
                                      Step::kMaskedInput, u2_, u3_, "masked input"));
  if (message.masked.size() != params_.masked_words()) {
    return Error(StatusCode::kInvalidArgument,
                 "masked input from site '" + message.header.site_id + "' has " +
                     std::to_string(message.masked.size()) + " words, the round expects " +
                     std::to_string(params_.masked_words()));
  }
  RADFED_ASSIGN_OR_RETURN(crypto::Sha256Digest digest, MaskedInputDigest(message));
  for (size_t i = 0; i < sum_.size(); ++i) sum_[i] += message.masked[i];
  audit_.masked_inputs.push_back({message.header.site_id, digest});
  u3_.insert(index);
  return Status::Ok();
}

Status SecAggServer::HandleUnmaskingResponse(const UnmaskingResponseMessage& message) {
  RADFED_ASSIGN_OR_RETURN(
      uint32_t index, CheckSender(message.header, ServerState::kAwaitingUnmasking, Step::kUnmasking,
                                  u3_, u4_, "unmasking response"));
  const std::string from = "unmasking response from site '" + message.header.site_id + "'";
  std::map<uint32_t, const RevealedShare*> by_owner;
  for (const RevealedShare& share : message.shares) {
    std::optional<uint32_t> owner = params_.IndexOf(share.site_id);
    if (!owner || u2_.count(*owner) == 0) {
      return Error(StatusCode::kInvalidArgument, from + " reveals a share of site '" +
                                                     share.site_id +
                                                     "', which the unmasking request did not name");
    }
    bool survived = u3_.count(*owner) != 0;
    if (survived && share.kind != ShareKind::kMaskSeed) {
      return Error(StatusCode::kPermissionDenied,
                   from + " reveals a masking-key share of surviving site '" + share.site_id +
                       "'; refused: the coordinator never collects both secrets of a site");
    }
    if (!survived && share.kind != ShareKind::kMaskingKey) {
      return Error(StatusCode::kPermissionDenied,
                   from + " reveals a mask-seed share of dropped site '" + share.site_id +
                       "'; refused: the coordinator never collects both secrets of a site");
    }
    for (uint64_t value : share.values) {
      if (value >= kShamirPrime) {
        return Error(StatusCode::kInvalidArgument, from + ": share of site '" + share.site_id +
                                                       "' holds a value outside the field");
      }
    }
    if (!by_owner.emplace(*owner, &share).second) {
      return Error(StatusCode::kInvalidArgument,
                   from + " reveals two shares of site '" + share.site_id + "'");
    }
  }
  for (uint32_t owner : u2_) {
    if (by_owner.count(owner) == 0) {
      return Error(StatusCode::kInvalidArgument,
                   from + " lacks the share of site '" + params_.SiteAt(owner) + "'");
    }
  }
  for (const auto& [owner, share] : by_owner) {
    auto& target = u3_.count(owner) != 0 ? seed_shares_ : key_shares_;
    target[owner].push_back(ShamirShare{index, share->values});
  }
  u4_.insert(index);
  return Status::Ok();
}

const std::set<uint32_t>& SecAggServer::Expected() const {
  static const std::set<uint32_t> kNone;
  switch (state_) {
    case ServerState::kAwaitingKeys:
      return all_sites_;
    case ServerState::kAwaitingShares:
      return u1_;
    case ServerState::kAwaitingMaskedInputs:
      return u2_;
    case ServerState::kAwaitingUnmasking:
      return u3_;
    case ServerState::kDone:
    case ServerState::kAborted:
      break;
  }
  return kNone;
}

const std::set<uint32_t>& SecAggServer::Answered() const {
  static const std::set<uint32_t> kNone;
  switch (state_) {
    case ServerState::kAwaitingKeys:
      return u1_;
    case ServerState::kAwaitingShares:
      return u2_;
    case ServerState::kAwaitingMaskedInputs:
      return u3_;
    case ServerState::kAwaitingUnmasking:
      return u4_;
    case ServerState::kDone:
    case ServerState::kAborted:
      break;
  }
  return kNone;
}

bool SecAggServer::AllExpectedReceived() const {
  if (state_ == ServerState::kDone || state_ == ServerState::kAborted) return false;
  return Answered().size() == Expected().size();
}

Status SecAggServer::CloseStep() {
  static constexpr Step kStepOf[] = {Step::kAdvertiseKeys, Step::kShareKeys, Step::kMaskedInput,
                                     Step::kUnmasking};
  if (state_ == ServerState::kDone || state_ == ServerState::kAborted) {
    return Error(StatusCode::kFailedPrecondition,
                 "no step to close: the round is " + std::string(ServerStateName(state_)));
  }
  const Step step = kStepOf[static_cast<int>(state_)];
  const std::set<uint32_t>& expected = Expected();
  const std::set<uint32_t>& answered = Answered();
  StepAudit record{step, Names(answered), {}};
  for (uint32_t index : expected) {
    if (answered.count(index) == 0) record.dropped.push_back(params_.SiteAt(index));
  }
  audit_.steps.push_back(std::move(record));
  if (answered.size() < params_.threshold()) {
    return AbortWith("step " + std::string(StepName(step)) + ": only " +
                     std::to_string(answered.size()) + " of " + std::to_string(expected.size()) +
                     " expected sites answered, below the threshold " +
                     std::to_string(params_.threshold()));
  }
  switch (state_) {
    case ServerState::kAwaitingKeys:
      state_ = ServerState::kAwaitingShares;
      break;
    case ServerState::kAwaitingShares:
      sum_.assign(params_.masked_words(), 0);
      state_ = ServerState::kAwaitingMaskedInputs;
      break;
    case ServerState::kAwaitingMaskedInputs:
      ciphertexts_.clear();
      state_ = ServerState::kAwaitingUnmasking;
      break;
    case ServerState::kAwaitingUnmasking: {
      Status unmasked = Unmask();
      if (!unmasked.ok()) return AbortWith("unmasking failed: " + unmasked.message());
      audit_.contributors = Names(u3_);
      seed_shares_.clear();
      key_shares_.clear();
      state_ = ServerState::kDone;
      break;
    }
    case ServerState::kDone:
    case ServerState::kAborted:
      break;
  }
  return Status::Ok();
}

Status SecAggServer::Unmask() {
  std::vector<MaskTerm> terms;
  for (uint32_t survivor : u3_) {
    Result<crypto::SecretBytes> seed =
        ShamirReconstruct(seed_shares_[survivor], params_.threshold());
    if (!seed.ok()) {
      return seed.status().WithContext("mask seed of site '" + params_.SiteAt(survivor) + "'");
    }
    terms.push_back({std::move(seed).value(), false});
  }
  for (uint32_t dropped : u2_) {
    if (u3_.count(dropped) != 0) continue;
    const std::string site = params_.SiteAt(dropped);
    Result<crypto::SecretBytes> secret =
        ShamirReconstruct(key_shares_[dropped], params_.threshold());
    if (!secret.ok()) return secret.status().WithContext("masking key of site '" + site + "'");
    RADFED_ASSIGN_OR_RETURN(crypto::X25519KeyPair keys,
                            crypto::X25519KeyPair::FromPrivateKey(secret->view()));
    if (keys.public_key() != advertisements_.at(dropped).masking_key) {
      return Status::DataLoss("the reconstructed masking key of site '" + site +
                              "' does not match the key it advertised");
    }
    for (uint32_t survivor : u3_) {
      RADFED_ASSIGN_OR_RETURN(crypto::SecretBytes seed,
                              DerivePairwiseKey(PairwiseKeyPurpose::kMask, keys,
                                                advertisements_.at(survivor).masking_key, dropped,
                                                survivor, params_.digest()));
      // Remove what the survivor added for this pair.
      terms.push_back({std::move(seed), !PairMaskAdds(survivor, dropped)});
    }
  }
  return ApplyMasks(sum_, terms);
}

Status SecAggServer::AbortWith(std::string reason) {
  state_ = ServerState::kAborted;
  audit_.abort_reason = reason;
  sum_.clear();
  ciphertexts_.clear();
  seed_shares_.clear();
  key_shares_.clear();
  return Error(StatusCode::kAborted, "round aborted: " + reason);
}

void SecAggServer::Abort(std::string reason) {
  if (state_ == ServerState::kDone || state_ == ServerState::kAborted) return;
  (void)AbortWith(std::move(reason));
}

std::vector<std::string> SecAggServer::Recipients() const {
  switch (state_) {
    case ServerState::kAwaitingShares:
      return Names(u1_);
    case ServerState::kAwaitingMaskedInputs:
      return Names(u2_);
    case ServerState::kAwaitingUnmasking:
      return Names(u3_);
    default:
      return {};
  }
}

Result<uint32_t> SecAggServer::CheckRecipient(std::string_view site_id, ServerState state,
                                              const std::set<uint32_t>& recipients) const {
  if (state_ != state) {
    return Error(StatusCode::kFailedPrecondition,
                 "cannot build that message in state " + std::string(ServerStateName(state_)));
  }
  std::optional<uint32_t> index = params_.IndexOf(site_id);
  if (!index || recipients.count(*index) == 0) {
    return Error(StatusCode::kNotFound,
                 "site '" + std::string(site_id) + "' is not a recipient in this step");
  }
  return *index;
}

Result<KeyDirectoryMessage> SecAggServer::KeyDirectoryFor(std::string_view site_id) const {
  RADFED_RETURN_IF_ERROR(CheckRecipient(site_id, ServerState::kAwaitingShares, u1_).status());
  KeyDirectoryMessage message;
  message.header = {params_.study_id(), params_.round_id(), Step::kShareKeys, std::string(site_id)};
  for (const auto& [index, advertisement] : advertisements_) {
    message.entries.push_back(advertisement);
  }
  return message;
}

Result<ShareRelayMessage> SecAggServer::ShareRelayFor(std::string_view site_id) const {
  RADFED_ASSIGN_OR_RETURN(uint32_t recipient,
                          CheckRecipient(site_id, ServerState::kAwaitingMaskedInputs, u2_));
  ShareRelayMessage message;
  message.header = {params_.study_id(), params_.round_id(), Step::kMaskedInput,
                    std::string(site_id)};
  for (const auto& [sender, by_recipient] : ciphertexts_) {
    if (sender != recipient) {
      message.shares.push_back({params_.SiteAt(sender), by_recipient.at(recipient)});
    }
  }
  return message;
}

Result<UnmaskingRequestMessage> SecAggServer::UnmaskingRequestFor(std::string_view site_id) const {
  RADFED_RETURN_IF_ERROR(CheckRecipient(site_id, ServerState::kAwaitingUnmasking, u3_).status());
  UnmaskingRequestMessage message;
  message.header = {params_.study_id(), params_.round_id(), Step::kUnmasking, std::string(site_id)};
  message.survivors = Names(u3_);
  for (uint32_t index : u2_) {
    if (u3_.count(index) == 0) message.dropped.push_back(params_.SiteAt(index));
  }
  return message;
}

Result<std::vector<double>> SecAggServer::DecodedSum() const {
  if (state_ != ServerState::kDone) {
    return Error(StatusCode::kFailedPrecondition,
                 "no sum to decode in state " + std::string(ServerStateName(state_)));
  }
  return params_.codec().DecodeSum(sum_, static_cast<uint32_t>(u3_.size()));
}

}  // namespace radfed::secagg
