// The secure-aggregation messages (Bonawitz et al., CCS 2017, honest-but-curious variant) and
// their canonical byte serialisation.
//
// Flow for one round (site = client state machine, coordinator = server state machine):
//   step 1  site -> coordinator  AdvertiseKeysMessage      two X25519 keys, signed
//           coordinator -> site  KeyDirectoryMessage       every site's signed advertisement
//   step 2  site -> coordinator  ShareKeysMessage          encrypted Shamir shares, one per peer
//           coordinator -> site  ShareRelayMessage         the shares addressed to that site
//   step 3  site -> coordinator  MaskedInputMessage        y = x + PRG(b) + sum of pair masks
//           coordinator -> site  UnmaskingRequestMessage   who survived, who dropped
//   step 4  site -> coordinator  UnmaskingResponseMessage  shares of b (survivors) / s (dropped)
//
// Every message has a header (study, round, step, site). For site -> coordinator messages the
// site is the sender; for coordinator -> site messages it is the addressee. The state machines
// reject a message whose header does not match the round and step they are in.
//
// Serialised form: "RFSA", version byte 1, kind byte, header, body (see wire.h). Serialize then
// Parse returns an equal message; Parse accepts exactly the bytes Serialize produces for some
// message within the size limits below, so the bytes can be signed, hashed for the audit log and
// carried as protobuf `bytes` fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto/aes_gcm.h"
#include "common/crypto/bytes.h"
#include "common/crypto/sha256.h"
#include "common/crypto/x25519.h"
#include "common/secagg/shamir.h"
#include "common/status.h"

namespace radfed::secagg {

// Size limits enforced by parsing and by round validation.
inline constexpr size_t kMaxIdSize = 255;  // study and site identifiers
inline constexpr size_t kMaxRoundSites = 1000;
inline constexpr size_t kMaxCertificateSize = 64 * 1024;
inline constexpr size_t kMaxSignatureSize = 1024;
inline constexpr size_t kMaxVectorWords = size_t{1} << 26;  // 512 MiB of masked words
// A share ciphertext: AES-GCM nonce and tag around the two shares (2 x 5 x 8 bytes).
inline constexpr size_t kSharePlaintextSize = 2 * kShamirChunks * sizeof(uint64_t);
inline constexpr size_t kShareCiphertextSize = crypto::kAesGcmOverhead + kSharePlaintextSize;

enum class Step : uint8_t {
  kAdvertiseKeys = 1,
  kShareKeys = 2,
  kMaskedInput = 3,
  kUnmasking = 4,
};
std::string_view StepName(Step step);

enum class MessageKind : uint8_t {
  kAdvertiseKeys = 1,
  kKeyDirectory = 2,
  kShareKeys = 3,
  kShareRelay = 4,
  kMaskedInput = 5,
  kUnmaskingRequest = 6,
  kUnmaskingResponse = 7,
};

struct MessageHeader {
  std::string study_id;
  uint64_t round_id = 0;
  Step step = Step::kAdvertiseKeys;
  std::string site_id;  // sender (site -> coordinator) or addressee (coordinator -> site)

  friend bool operator==(const MessageHeader&, const MessageHeader&) = default;
};

// Step 1, site -> coordinator; relayed unchanged inside KeyDirectoryMessage. header.step is
// kAdvertiseKeys.
struct AdvertiseKeysMessage {
  MessageHeader header;
  crypto::X25519PublicKey encryption_key{};  // c_u: encrypts the shares exchanged in step 2
  crypto::X25519PublicKey masking_key{};     // s_u: derives the pairwise masks of step 3
  crypto::Bytes certificate;                 // the site's certificate, or empty (verifier knows it)
  crypto::Bytes signature;  // over KeyAdvertisementPayload(), by the certificate key

  friend bool operator==(const AdvertiseKeysMessage&, const AdvertiseKeysMessage&) = default;
};

// Coordinator -> each site that advertised keys; header.step is kShareKeys.
struct KeyDirectoryMessage {
  MessageHeader header;
  std::vector<AdvertiseKeysMessage> entries;  // in round site order

  friend bool operator==(const KeyDirectoryMessage&, const KeyDirectoryMessage&) = default;
};

// One encrypted pair of shares; `site_id` is the recipient in ShareKeysMessage and the sender in
// ShareRelayMessage.
struct EncryptedShares {
  std::string site_id;
  crypto::Bytes ciphertext;

  friend bool operator==(const EncryptedShares&, const EncryptedShares&) = default;
};

// Step 2, site -> coordinator: one entry per other site of the key directory.
struct ShareKeysMessage {
  MessageHeader header;
  std::vector<EncryptedShares> shares;

  friend bool operator==(const ShareKeysMessage&, const ShareKeysMessage&) = default;
};

// Coordinator -> each site that shared keys; header.step is kMaskedInput.
struct ShareRelayMessage {
  MessageHeader header;
  std::vector<EncryptedShares> shares;

  friend bool operator==(const ShareRelayMessage&, const ShareRelayMessage&) = default;
};

// Step 3, site -> coordinator.
struct MaskedInputMessage {
  MessageHeader header;
  std::vector<uint64_t> masked;  // vector_length x limbs words

  friend bool operator==(const MaskedInputMessage&, const MaskedInputMessage&) = default;
};

// Coordinator -> each site that sent a masked input; header.step is kUnmasking. The two lists
// are disjoint: a site's mask seed b is revealed only if it survived, its masking key s only if
// it dropped.
struct UnmaskingRequestMessage {
  MessageHeader header;
  std::vector<std::string> survivors;  // sent a masked input (step 3)
  std::vector<std::string> dropped;    // shared keys (step 2) but sent no masked input

  friend bool operator==(const UnmaskingRequestMessage&, const UnmaskingRequestMessage&) = default;
};

enum class ShareKind : uint8_t {
  kMaskSeed = 1,    // share of b_v, for a surviving site v
  kMaskingKey = 2,  // share of s_v's private key, for a dropped site v
};

struct RevealedShare {
  std::string site_id;  // whose secret this is a share of
  ShareKind kind = ShareKind::kMaskSeed;
  ShamirValues values{};

  friend bool operator==(const RevealedShare&, const RevealedShare&) = default;
};

// Step 4, site -> coordinator: exactly one share per site named in the request.
struct UnmaskingResponseMessage {
  MessageHeader header;
  std::vector<RevealedShare> shares;

  friend bool operator==(const UnmaskingResponseMessage&,
                         const UnmaskingResponseMessage&) = default;
};

// Precondition: identifiers, certificate, signature and counts within the limits above (messages
// built by the state machines always are).
crypto::Bytes Serialize(const AdvertiseKeysMessage& message);
crypto::Bytes Serialize(const KeyDirectoryMessage& message);
crypto::Bytes Serialize(const ShareKeysMessage& message);
crypto::Bytes Serialize(const ShareRelayMessage& message);
crypto::Bytes Serialize(const MaskedInputMessage& message);
crypto::Bytes Serialize(const UnmaskingRequestMessage& message);
crypto::Bytes Serialize(const UnmaskingResponseMessage& message);

// The kind of a serialised message, for dispatch before parsing. InvalidArgument if the bytes do
// not start like a radfed secure-aggregation message.
Result<MessageKind> PeekMessageKind(crypto::ByteView bytes);

// Each parser fails with InvalidArgument naming the message and field when the bytes are
// malformed, of another kind, over a size limit, or followed by trailing bytes.
Result<AdvertiseKeysMessage> ParseAdvertiseKeys(crypto::ByteView bytes);
Result<KeyDirectoryMessage> ParseKeyDirectory(crypto::ByteView bytes);
Result<ShareKeysMessage> ParseShareKeys(crypto::ByteView bytes);
Result<ShareRelayMessage> ParseShareRelay(crypto::ByteView bytes);
Result<MaskedInputMessage> ParseMaskedInput(crypto::ByteView bytes);
Result<UnmaskingRequestMessage> ParseUnmaskingRequest(crypto::ByteView bytes);
Result<UnmaskingResponseMessage> ParseUnmaskingResponse(crypto::ByteView bytes);

// The bytes a site signs in step 1: a domain label, the round configuration digest (so sites
// holding different configurations cannot agree), the header and both public keys.
crypto::Bytes KeyAdvertisementPayload(const crypto::Sha256Digest& config_digest,
                                      const AdvertiseKeysMessage& message);

// SHA-256 of Serialize(message), computed without materialising the serialisation. This is the
// digest both the site and the coordinator record in their audit logs.
Result<crypto::Sha256Digest> MaskedInputDigest(const MaskedInputMessage& message);

}  // namespace radfed::secagg
