#include "common/secagg/client.h"

#include <set>
#include <utility>

#include "common/crypto/aes_gcm.h"
#include "common/crypto/random.h"
#include "common/secagg/protocol_crypto.h"

namespace radfed::secagg {
namespace {

void CleanseWords(std::vector<uint64_t>& words) {
  crypto::Cleanse({reinterpret_cast<uint8_t*>(words.data()), words.size() * sizeof(uint64_t)});
}

void CleanseShares(std::vector<ShamirShare>& shares) {
  crypto::Cleanse({reinterpret_cast<uint8_t*>(shares.data()), shares.size() * sizeof(ShamirShare)});
}

}  // namespace

std::string_view ClientStateName(ClientState state) {
  switch (state) {
    case ClientState::kReady:
      return "ready";
    case ClientState::kAwaitingKeyDirectory:
      return "awaiting-key-directory";
    case ClientState::kAwaitingShareRelay:
      return "awaiting-share-relay";
    case ClientState::kAwaitingUnmaskingRequest:
      return "awaiting-unmasking-request";
    case ClientState::kDone:
      return "done";
    case ClientState::kAborted:
      return "aborted";
  }
  return "unknown";
}

Result<SecAggClient> SecAggClient::Create(RoundParameters params, std::string site_id,
                                          KeySigner* signer, PeerKeyVerifier* verifier) {
  if (signer == nullptr || verifier == nullptr) {
    return Status::InvalidArgument("secure aggregation client for site '" + site_id +
                                   "': a key signer and a peer key verifier are required");
  }
  std::optional<uint32_t> index = params.IndexOf(site_id);
  if (!index) {
    return Status::InvalidArgument("secure aggregation client: site '" + site_id +
                                   "' is not a member of study '" + params.study_id() + "' round " +
                                   std::to_string(params.round_id()));
  }
  return SecAggClient(std::move(params), std::move(site_id), *index, signer, verifier);
}

SecAggClient::SecAggClient(RoundParameters params, std::string site_id, uint32_t index,
                           KeySigner* signer, PeerKeyVerifier* verifier)
    : params_(std::move(params)),
      site_id_(std::move(site_id)),
      index_(index),
      signer_(signer),
      verifier_(verifier) {}

SecAggClient::~SecAggClient() { WipeSecrets(); }
SecAggClient::SecAggClient(SecAggClient&&) noexcept = default;

SecAggClient& SecAggClient::operator=(SecAggClient&& other) noexcept {
  if (this != &other) {
    WipeSecrets();
    params_ = std::move(other.params_);
    site_id_ = std::move(other.site_id_);
    index_ = other.index_;
    signer_ = other.signer_;
    verifier_ = other.verifier_;
    state_ = other.state_;
    abort_reason_ = std::move(other.abort_reason_);
    encryption_keys_ = std::move(other.encryption_keys_);
    masking_keys_ = std::move(other.masking_keys_);
    mask_seed_ = std::move(other.mask_seed_);
    input_ = std::move(other.input_);
    has_input_ = other.has_input_;
    directory_ = std::move(other.directory_);
    share_keys_ = std::move(other.share_keys_);
    held_ = std::move(other.held_);
    masked_input_digest_ = std::move(other.masked_input_digest_);
  }
  return *this;
}

Status SecAggClient::Error(StatusCode code, std::string_view message) const {
  return Status(code, "secure aggregation: site '" + site_id_ + "', study '" + params_.study_id() +
                          "' round " + std::to_string(params_.round_id()) + ": " +
                          std::string(message));
}

Status SecAggClient::CheckState(ClientState expected, std::string_view action) const {
  if (state_ != expected) {
    return Error(StatusCode::kFailedPrecondition, "cannot " + std::string(action) + " in state " +
                                                      std::string(ClientStateName(state_)) +
                                                      " (expected " +
                                                      std::string(ClientStateName(expected)) + ")");
  }
  return Status::Ok();
}

Status SecAggClient::CheckHeader(const MessageHeader& header, Step step,
                                 std::string_view what) const {
  std::string w(what);
  if (header.study_id != params_.study_id()) {
    return Error(StatusCode::kInvalidArgument,
                 w + " is for study '" + header.study_id + "', not this one");
  }
  if (header.round_id != params_.round_id()) {
    return Error(
        StatusCode::kInvalidArgument,
        w + " is for round " + std::to_string(header.round_id) + " (stale or replayed message)");
  }
  if (header.step != step) {
    return Error(StatusCode::kFailedPrecondition, w + " carries step " +
                                                      std::string(StepName(header.step)) +
                                                      ", expected " + std::string(StepName(step)));
  }
  return Status::Ok();
}

Status SecAggClient::SetInput(std::span<const double> values) {
  if (state_ != ClientState::kReady && state_ != ClientState::kAwaitingKeyDirectory &&
      state_ != ClientState::kAwaitingShareRelay) {
    return Error(StatusCode::kFailedPrecondition,
                 "cannot set the input in state " + std::string(ClientStateName(state_)));
  }
  if (has_input_) return Error(StatusCode::kFailedPrecondition, "the input is already set");
  if (values.size() != params_.config().vector_length) {
    return Error(StatusCode::kInvalidArgument, "input has " + std::to_string(values.size()) +
                                                   " values, the round expects " +
                                                   std::to_string(params_.config().vector_length));
  }
  std::vector<uint64_t> encoded(params_.masked_words());
  Status status = params_.codec().Encode(values, encoded);
  if (!status.ok()) {
    CleanseWords(encoded);
    return Error(status.code(), "input refused before masking: " + status.message());
  }
  input_ = std::move(encoded);
  has_input_ = true;
  return Status::Ok();
}

Result<AdvertiseKeysMessage> SecAggClient::AdvertiseKeys() {
  RADFED_RETURN_IF_ERROR(CheckState(ClientState::kReady, "advertise keys"));
  RADFED_ASSIGN_OR_RETURN(crypto::X25519KeyPair encryption_keys, crypto::X25519KeyPair::Generate());
  RADFED_ASSIGN_OR_RETURN(crypto::X25519KeyPair masking_keys, crypto::X25519KeyPair::Generate());

  AdvertiseKeysMessage message;
  message.header = {params_.study_id(), params_.round_id(), Step::kAdvertiseKeys, site_id_};
  message.encryption_key = encryption_keys.public_key();
  message.masking_key = masking_keys.public_key();
  message.certificate = signer_->Certificate();
  Result<crypto::Bytes> signature =
      signer_->Sign(KeyAdvertisementPayload(params_.digest(), message));
  if (!signature.ok()) {
    return Error(signature.status().code(),
                 "signing the key advertisement failed: " + signature.status().message());
  }
  message.signature = std::move(signature).value();
  if (message.certificate.size() > kMaxCertificateSize ||
      message.signature.size() > kMaxSignatureSize) {
    return Error(StatusCode::kInvalidArgument,
                 "certificate or signature larger than the protocol allows");
  }

  encryption_keys_ = std::move(encryption_keys);
  masking_keys_ = std::move(masking_keys);
  state_ = ClientState::kAwaitingKeyDirectory;
  return message;
}

Result<ShareKeysMessage> SecAggClient::HandleKeyDirectory(const KeyDirectoryMessage& directory) {
  RADFED_RETURN_IF_ERROR(CheckState(ClientState::kAwaitingKeyDirectory, "handle a key directory"));
  RADFED_RETURN_IF_ERROR(CheckHeader(directory.header, Step::kShareKeys, "key directory"));
  if (directory.header.site_id != site_id_) {
    return Error(StatusCode::kInvalidArgument,
                 "key directory is addressed to site '" + directory.header.site_id + "'");
  }

  std::map<uint32_t, Peer> peers;
  for (const AdvertiseKeysMessage& entry : directory.entries) {
    const std::string& peer = entry.header.site_id;
    RADFED_RETURN_IF_ERROR(
        CheckHeader(entry.header, Step::kAdvertiseKeys, "key advertisement of '" + peer + "'"));
    std::optional<uint32_t> index = params_.IndexOf(peer);
    if (!index) {
      return Error(StatusCode::kPermissionDenied,
                   "key directory lists site '" + peer + "', which is not a member of the round");
    }
    if (peers.count(*index) != 0) {
      return Error(StatusCode::kInvalidArgument, "key directory lists site '" + peer + "' twice");
    }
    if (*index == index_) {
      if (entry.encryption_key != encryption_keys_->public_key() ||
          entry.masking_key != masking_keys_->public_key()) {
        return Error(StatusCode::kPermissionDenied,
                     "key directory carries keys for this site that it did not advertise");
      }
    } else {
      Status verified =
          verifier_->Verify(peer, entry.certificate,
                            KeyAdvertisementPayload(params_.digest(), entry), entry.signature);
      if (!verified.ok()) {
        return Error(
            StatusCode::kUnauthenticated,
            "key advertisement of site '" + peer + "' failed verification: " + verified.ToString());
      }
    }
    peers[*index] = Peer{entry.encryption_key, entry.masking_key};
  }
  if (peers.count(index_) == 0) {
    return Error(StatusCode::kFailedPrecondition, "key directory does not include this site");
  }
  if (peers.size() < params_.threshold()) {
    return Error(StatusCode::kFailedPrecondition,
                 "key directory lists " + std::to_string(peers.size()) +
                     " sites, below the threshold " + std::to_string(params_.threshold()));
  }

  RADFED_ASSIGN_OR_RETURN(crypto::SecretBytes mask_seed, crypto::RandomSecret(kShamirSecretSize));
  RADFED_ASSIGN_OR_RETURN(crypto::SecretBytes masking_private, masking_keys_->PrivateKey());
  std::vector<uint32_t> points;
  for (const auto& [index, unused] : peers) points.push_back(index);
  RADFED_ASSIGN_OR_RETURN(std::vector<ShamirShare> key_shares,
                          ShamirSplit(masking_private.view(), params_.threshold(), points));
  Result<std::vector<ShamirShare>> seed_shares =
      ShamirSplit(mask_seed.view(), params_.threshold(), points);
  if (!seed_shares.ok()) {
    CleanseShares(key_shares);
    return seed_shares.status();
  }

  ShareKeysMessage message;
  message.header = {params_.study_id(), params_.round_id(), Step::kShareKeys, site_id_};
  std::map<uint32_t, crypto::SecretBytes> share_keys;
  HeldShares own;
  Status status;
  for (size_t i = 0; i < points.size() && status.ok(); ++i) {
    uint32_t peer = points[i];
    if (peer == index_) {
      own = HeldShares{key_shares[i].y, seed_shares->at(i).y};
      continue;
    }
    Result<crypto::SecretBytes> key =
        DerivePairwiseKey(PairwiseKeyPurpose::kShareEncryption, *encryption_keys_,
                          peers[peer].encryption_key, index_, peer, params_.digest());
    if (!key.ok()) {
      status = Error(StatusCode::kInvalidArgument, "unusable encryption key of site '" +
                                                       params_.SiteAt(peer) +
                                                       "': " + key.status().message());
      break;
    }
    crypto::SecretBytes plaintext = EncodeSharePair(key_shares[i].y, seed_shares->at(i).y);
    Result<crypto::Bytes> sealed = crypto::AesGcmSeal(
        key->view(), plaintext.view(), ShareAssociatedData(params_.digest(), index_, peer));
    if (!sealed.ok()) {
      status = sealed.status();
      break;
    }
    message.shares.push_back({params_.SiteAt(peer), std::move(sealed).value()});
    share_keys.emplace(peer, std::move(key).value());
  }
  CleanseShares(key_shares);
  CleanseShares(*seed_shares);
  if (!status.ok()) return status;

  directory_ = std::move(peers);
  share_keys_ = std::move(share_keys);
  mask_seed_ = std::move(mask_seed);
  held_.clear();
  held_[index_] = own;
  crypto::Cleanse({reinterpret_cast<uint8_t*>(&own), sizeof(own)});
  state_ = ClientState::kAwaitingShareRelay;
  return message;
}

Result<MaskedInputMessage> SecAggClient::HandleShareRelay(const ShareRelayMessage& relay) {
  RADFED_RETURN_IF_ERROR(CheckState(ClientState::kAwaitingShareRelay, "handle a share relay"));
  RADFED_RETURN_IF_ERROR(CheckHeader(relay.header, Step::kMaskedInput, "share relay"));
  if (relay.header.site_id != site_id_) {
    return Error(StatusCode::kInvalidArgument,
                 "share relay is addressed to site '" + relay.header.site_id + "'");
  }
  if (!has_input_) {
    return Error(StatusCode::kFailedPrecondition,
                 "no input set; call SetInput before handling the share relay");
  }

  std::map<uint32_t, HeldShares> received;
  auto wipe_received = [&received] {
    for (auto& [unused, shares] : received) {
      crypto::Cleanse({reinterpret_cast<uint8_t*>(&shares), sizeof(shares)});
    }
  };
  for (const EncryptedShares& entry : relay.shares) {
    std::optional<uint32_t> index = params_.IndexOf(entry.site_id);
    Status problem;
    if (!index || directory_.count(*index) == 0) {
      problem = Error(StatusCode::kPermissionDenied, "share relay carries shares from site '" +
                                                         entry.site_id +
                                                         "', which is not in the key directory");
    } else if (*index == index_) {
      problem =
          Error(StatusCode::kInvalidArgument, "share relay carries shares from this site itself");
    } else if (received.count(*index) != 0) {
      problem = Error(StatusCode::kInvalidArgument,
                      "share relay carries shares from site '" + entry.site_id + "' twice");
    } else {
      Result<crypto::SecretBytes> plaintext =
          crypto::AesGcmOpen(share_keys_.at(*index).view(), entry.ciphertext,
                             ShareAssociatedData(params_.digest(), *index, index_));
      HeldShares shares;
      if (plaintext.ok()) {
        problem = DecodeSharePair(plaintext->view(), shares.masking_key, shares.mask_seed);
      } else {
        problem = plaintext.status();
      }
      if (!problem.ok()) {
        problem = Error(StatusCode::kDataLoss,
                        "shares from site '" + entry.site_id +
                            "' do not authenticate or decode: " + problem.message());
      } else {
        received[*index] = shares;
      }
      crypto::Cleanse({reinterpret_cast<uint8_t*>(&shares), sizeof(shares)});
    }
    if (!problem.ok()) {
      wipe_received();
      return problem;
    }
  }
  if (received.size() + 1 < params_.threshold()) {
    wipe_received();
    return Error(StatusCode::kFailedPrecondition,
                 "share relay leaves " + std::to_string(received.size() + 1) +
                     " sites, below the threshold " + std::to_string(params_.threshold()));
  }

  std::vector<MaskTerm> terms;
  terms.reserve(received.size() + 1);
  terms.push_back({mask_seed_.Clone(), true});
  for (const auto& [peer, unused] : received) {
    Result<crypto::SecretBytes> seed =
        DerivePairwiseKey(PairwiseKeyPurpose::kMask, *masking_keys_,
                          directory_.at(peer).masking_key, index_, peer, params_.digest());
    if (!seed.ok()) {
      wipe_received();
      return Error(StatusCode::kInvalidArgument, "unusable masking key of site '" +
                                                     params_.SiteAt(peer) +
                                                     "': " + seed.status().message());
    }
    terms.push_back({std::move(seed).value(), PairMaskAdds(index_, peer)});
  }
  MaskedInputMessage message;
  message.header = {params_.study_id(), params_.round_id(), Step::kMaskedInput, site_id_};
  message.masked = input_;
  Status masked = ApplyMasks(message.masked, terms);
  Result<crypto::Sha256Digest> digest =
      masked.ok() ? MaskedInputDigest(message) : Result<crypto::Sha256Digest>(masked);
  if (!digest.ok()) {
    CleanseWords(message.masked);
    wipe_received();
    return digest.status();
  }

  for (auto& [peer, shares] : received) held_[peer] = shares;
  wipe_received();
  masked_input_digest_ = *digest;
  CleanseWords(input_);
  input_.clear();
  // Only the held shares are needed from here on.
  share_keys_.clear();
  encryption_keys_.reset();
  masking_keys_.reset();
  mask_seed_ = crypto::SecretBytes();
  state_ = ClientState::kAwaitingUnmaskingRequest;
  return message;
}

Result<UnmaskingResponseMessage> SecAggClient::HandleUnmaskingRequest(
    const UnmaskingRequestMessage& request) {
  RADFED_RETURN_IF_ERROR(
      CheckState(ClientState::kAwaitingUnmaskingRequest, "handle an unmasking request"));
  RADFED_RETURN_IF_ERROR(CheckHeader(request.header, Step::kUnmasking, "unmasking request"));
  if (request.header.site_id != site_id_) {
    return Error(StatusCode::kInvalidArgument,
                 "unmasking request is addressed to site '" + request.header.site_id + "'");
  }

  // Resolve both lists first: the disjointness check is the protocol's core safety property and
  // must see every name before anything is revealed.
  std::set<uint32_t> survivors;
  std::set<uint32_t> dropped;
  for (const auto& [names, set, role] : {std::tuple(&request.survivors, &survivors, "survivor"),
                                         std::tuple(&request.dropped, &dropped, "dropped site")}) {
    for (const std::string& name : *names) {
      std::optional<uint32_t> index = params_.IndexOf(name);
      if (!index) {
        return Error(StatusCode::kInvalidArgument,
                     "unmasking request names unknown site '" + name + "' as " + role);
      }
      if (!set->insert(*index).second) {
        return Error(StatusCode::kInvalidArgument,
                     "unmasking request names site '" + name + "' twice as " + role);
      }
    }
  }
  for (uint32_t index : dropped) {
    if (survivors.count(index) != 0) {
      return Error(StatusCode::kPermissionDenied,
                   "unmasking request asks for both the mask seed and the masking key of site '" +
                       params_.SiteAt(index) + "'; refusing, as together they reveal its input");
    }
  }
  if (dropped.count(index_) != 0 || survivors.count(index_) == 0) {
    return Error(StatusCode::kPermissionDenied,
                 "unmasking request does not list this site as a survivor although it sent its "
                 "masked input; refusing");
  }
  for (const std::set<uint32_t>* set : {&survivors, &dropped}) {
    for (uint32_t index : *set) {
      if (held_.count(index) == 0) {
        return Error(StatusCode::kPermissionDenied,
                     "unmasking request names site '" + params_.SiteAt(index) +
                         "', which did not share keys with this site");
      }
    }
  }
  for (const auto& [index, unused] : held_) {
    if (survivors.count(index) == 0 && dropped.count(index) == 0) {
      return Error(StatusCode::kInvalidArgument,
                   "unmasking request does not account for site '" + params_.SiteAt(index) + "'");
    }
  }
  if (survivors.size() < params_.threshold()) {
    return Error(StatusCode::kFailedPrecondition,
                 "unmasking request lists " + std::to_string(survivors.size()) +
                     " survivors, below the threshold " + std::to_string(params_.threshold()));
  }

  UnmaskingResponseMessage message;
  message.header = {params_.study_id(), params_.round_id(), Step::kUnmasking, site_id_};
  for (const auto& [index, shares] : held_) {
    bool survived = survivors.count(index) != 0;
    message.shares.push_back({params_.SiteAt(index),
                              survived ? ShareKind::kMaskSeed : ShareKind::kMaskingKey,
                              survived ? shares.mask_seed : shares.masking_key});
  }
  WipeSecrets();
  state_ = ClientState::kDone;
  return message;
}

void SecAggClient::Abort(std::string reason) {
  if (state_ == ClientState::kDone || state_ == ClientState::kAborted) return;
  WipeSecrets();
  abort_reason_ = std::move(reason);
  state_ = ClientState::kAborted;
}

void SecAggClient::WipeSecrets() {
  encryption_keys_.reset();
  masking_keys_.reset();
  mask_seed_ = crypto::SecretBytes();
  CleanseWords(input_);
  input_.clear();
  for (auto& [unused, shares] : held_) {
    crypto::Cleanse({reinterpret_cast<uint8_t*>(&shares), sizeof(shares)});
  }
  held_.clear();
  share_keys_.clear();
}

}  // namespace radfed::secagg
