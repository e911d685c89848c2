#include "common/secagg/messages.h"

#include <cstring>
#include <string>

#include "common/secagg/wire.h"

namespace radfed::secagg {
namespace {

constexpr uint8_t kMagic[4] = {'R', 'F', 'S', 'A'};
constexpr uint8_t kVersion = 1;
constexpr std::string_view kAdvertiseLabel = "radfed-secagg-v1 advertise-keys";

// Bytes of the smallest possible serialised item, used to bound counts before allocating.
constexpr size_t kMinHeaderSize = 2 + 8 + 1 + 2;
constexpr size_t kMinStringSize = 2;
constexpr size_t kMinEncryptedSharesSize = 2 + 4;
constexpr size_t kRevealedShareSize = 1 + kShamirChunks * sizeof(uint64_t);
constexpr size_t kMaxAdvertisementSize =
    6 + kMinHeaderSize + 2 * kMaxIdSize + 64 + 4 + kMaxCertificateSize + 4 + kMaxSignatureSize;

std::string_view KindName(MessageKind kind) {
  switch (kind) {
    case MessageKind::kAdvertiseKeys:
      return "AdvertiseKeys message";
    case MessageKind::kKeyDirectory:
      return "KeyDirectory message";
    case MessageKind::kShareKeys:
      return "ShareKeys message";
    case MessageKind::kShareRelay:
      return "ShareRelay message";
    case MessageKind::kMaskedInput:
      return "MaskedInput message";
    case MessageKind::kUnmaskingRequest:
      return "UnmaskingRequest message";
    case MessageKind::kUnmaskingResponse:
      return "UnmaskingResponse message";
  }
  return "unknown message";
}

void WriteHeader(WireWriter& w, MessageKind kind, const MessageHeader& header) {
  w.Raw(kMagic);
  w.U8(kVersion);
  w.U8(static_cast<uint8_t>(kind));
  w.String(header.study_id);
  w.U64(header.round_id);
  w.U8(static_cast<uint8_t>(header.step));
  w.String(header.site_id);
}

Result<MessageHeader> ReadHeader(WireReader& r, MessageKind kind) {
  uint8_t magic[4];
  RADFED_RETURN_IF_ERROR(r.Raw(magic, "magic"));
  if (std::memcmp(magic, kMagic, sizeof(magic)) != 0) {
    return Status::InvalidArgument(std::string(KindName(kind)) +
                                   ": not a radfed secure-aggregation message (bad magic)");
  }
  RADFED_ASSIGN_OR_RETURN(uint8_t version, r.U8("version"));
  if (version != kVersion) {
    return Status::InvalidArgument(std::string(KindName(kind)) + ": unsupported version " +
                                   std::to_string(version) + " (this build speaks 1)");
  }
  RADFED_ASSIGN_OR_RETURN(uint8_t actual_kind, r.U8("kind"));
  if (actual_kind != static_cast<uint8_t>(kind)) {
    return Status::InvalidArgument(std::string(KindName(kind)) + ": the bytes hold kind " +
                                   std::to_string(actual_kind));
  }
  MessageHeader header;
  RADFED_ASSIGN_OR_RETURN(header.study_id, r.String("study_id", kMaxIdSize));
  RADFED_ASSIGN_OR_RETURN(header.round_id, r.U64("round_id"));
  RADFED_ASSIGN_OR_RETURN(uint8_t step, r.U8("step"));
  if (step < static_cast<uint8_t>(Step::kAdvertiseKeys) ||
      step > static_cast<uint8_t>(Step::kUnmasking)) {
    return Status::InvalidArgument(std::string(KindName(kind)) + ": unknown step " +
                                   std::to_string(step));
  }
  header.step = static_cast<Step>(step);
  RADFED_ASSIGN_OR_RETURN(header.site_id, r.String("site_id", kMaxIdSize));
  return header;
}

void WriteEncryptedShares(WireWriter& w, const std::vector<EncryptedShares>& shares) {
  w.U32(static_cast<uint32_t>(shares.size()));
  for (const EncryptedShares& share : shares) {
    w.String(share.site_id);
    w.Blob(share.ciphertext);
  }
}

Result<std::vector<EncryptedShares>> ReadEncryptedShares(WireReader& r) {
  RADFED_ASSIGN_OR_RETURN(uint32_t count,
                          r.Count("shares", kMaxRoundSites, kMinEncryptedSharesSize));
  std::vector<EncryptedShares> shares(count);
  for (EncryptedShares& share : shares) {
    RADFED_ASSIGN_OR_RETURN(share.site_id, r.String("shares.site_id", kMaxIdSize));
    RADFED_ASSIGN_OR_RETURN(share.ciphertext, r.Blob("shares.ciphertext", kShareCiphertextSize));
  }
  return shares;
}

void WriteNames(WireWriter& w, const std::vector<std::string>& names) {
  w.U32(static_cast<uint32_t>(names.size()));
  for (const std::string& name : names) w.String(name);
}

Result<std::vector<std::string>> ReadNames(WireReader& r, std::string_view field) {
  RADFED_ASSIGN_OR_RETURN(uint32_t count, r.Count(field, kMaxRoundSites, kMinStringSize));
  std::vector<std::string> names(count);
  for (std::string& name : names) {
    RADFED_ASSIGN_OR_RETURN(name, r.String(field, kMaxIdSize));
  }
  return names;
}

template <typename Message, typename ReadBody>
Result<Message> Parse(crypto::ByteView bytes, MessageKind kind, ReadBody read_body) {
  WireReader r(bytes, std::string(KindName(kind)));
  Message message;
  RADFED_ASSIGN_OR_RETURN(message.header, ReadHeader(r, kind));
  RADFED_RETURN_IF_ERROR(read_body(r, message));
  RADFED_RETURN_IF_ERROR(r.ExpectEnd());
  return message;
}

}  // namespace

std::string_view StepName(Step step) {
  switch (step) {
    case Step::kAdvertiseKeys:
      return "advertise-keys";
    case Step::kShareKeys:
      return "share-keys";
    case Step::kMaskedInput:
      return "masked-input";
    case Step::kUnmasking:
      return "unmasking";
  }
  return "unknown-step";
}

crypto::Bytes Serialize(const AdvertiseKeysMessage& message) {
  WireWriter w;
  WriteHeader(w, MessageKind::kAdvertiseKeys, message.header);
  w.Raw(message.encryption_key);
  w.Raw(message.masking_key);
  w.Blob(message.certificate);
  w.Blob(message.signature);
  return w.Take();
}

crypto::Bytes Serialize(const KeyDirectoryMessage& message) {
  WireWriter w;
  WriteHeader(w, MessageKind::kKeyDirectory, message.header);
  w.U32(static_cast<uint32_t>(message.entries.size()));
  for (const AdvertiseKeysMessage& entry : message.entries) w.Blob(Serialize(entry));
  return w.Take();
}

crypto::Bytes Serialize(const ShareKeysMessage& message) {
  WireWriter w;
  WriteHeader(w, MessageKind::kShareKeys, message.header);
  WriteEncryptedShares(w, message.shares);
  return w.Take();
}

crypto::Bytes Serialize(const ShareRelayMessage& message) {
  WireWriter w;
  WriteHeader(w, MessageKind::kShareRelay, message.header);
  WriteEncryptedShares(w, message.shares);
  return w.Take();
}

crypto::Bytes Serialize(const MaskedInputMessage& message) {
  WireWriter w;
  WriteHeader(w, MessageKind::kMaskedInput, message.header);
  w.Words(message.masked);
  return w.Take();
}

crypto::Bytes Serialize(const UnmaskingRequestMessage& message) {
  WireWriter w;
  WriteHeader(w, MessageKind::kUnmaskingRequest, message.header);
  WriteNames(w, message.survivors);
  WriteNames(w, message.dropped);
  return w.Take();
}

crypto::Bytes Serialize(const UnmaskingResponseMessage& message) {
  WireWriter w;
  WriteHeader(w, MessageKind::kUnmaskingResponse, message.header);
  w.U32(static_cast<uint32_t>(message.shares.size()));
  for (const RevealedShare& share : message.shares) {
    w.String(share.site_id);
    w.U8(static_cast<uint8_t>(share.kind));
    for (uint64_t value : share.values) w.U64(value);
  }
  return w.Take();
}

Result<MessageKind> PeekMessageKind(crypto::ByteView bytes) {
  if (bytes.size() < 6 || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    return Status::InvalidArgument("not a radfed secure-aggregation message (bad magic)");
  }
  if (bytes[4] != kVersion) {
    return Status::InvalidArgument("secure-aggregation message of unsupported version " +
                                   std::to_string(bytes[4]));
  }
  uint8_t kind = bytes[5];
  if (kind < static_cast<uint8_t>(MessageKind::kAdvertiseKeys) ||
      kind > static_cast<uint8_t>(MessageKind::kUnmaskingResponse)) {
    return Status::InvalidArgument("secure-aggregation message of unknown kind " +
                                   std::to_string(kind));
  }
  return static_cast<MessageKind>(kind);
}

Result<AdvertiseKeysMessage> ParseAdvertiseKeys(crypto::ByteView bytes) {
  return Parse<AdvertiseKeysMessage>(
      bytes, MessageKind::kAdvertiseKeys, [](WireReader& r, AdvertiseKeysMessage& m) -> Status {
        RADFED_RETURN_IF_ERROR(r.Raw(m.encryption_key, "encryption_key"));
        RADFED_RETURN_IF_ERROR(r.Raw(m.masking_key, "masking_key"));
        RADFED_ASSIGN_OR_RETURN(m.certificate, r.Blob("certificate", kMaxCertificateSize));
        RADFED_ASSIGN_OR_RETURN(m.signature, r.Blob("signature", kMaxSignatureSize));
        return Status::Ok();
      });
}

Result<KeyDirectoryMessage> ParseKeyDirectory(crypto::ByteView bytes) {
  return Parse<KeyDirectoryMessage>(
      bytes, MessageKind::kKeyDirectory, [](WireReader& r, KeyDirectoryMessage& m) -> Status {
        RADFED_ASSIGN_OR_RETURN(uint32_t count,
                                r.Count("entries", kMaxRoundSites, 4 + 6 + kMinHeaderSize));
        m.entries.reserve(count);
        for (uint32_t i = 0; i < count; ++i) {
          RADFED_ASSIGN_OR_RETURN(crypto::Bytes entry, r.Blob("entries", kMaxAdvertisementSize));
          Result<AdvertiseKeysMessage> parsed = ParseAdvertiseKeys(entry);
          if (!parsed.ok()) {
            return parsed.status().WithContext("KeyDirectory message: entry " + std::to_string(i));
          }
          m.entries.push_back(std::move(parsed).value());
        }
        return Status::Ok();
      });
}

Result<ShareKeysMessage> ParseShareKeys(crypto::ByteView bytes) {
  return Parse<ShareKeysMessage>(bytes, MessageKind::kShareKeys,
                                 [](WireReader& r, ShareKeysMessage& m) -> Status {
                                   RADFED_ASSIGN_OR_RETURN(m.shares, ReadEncryptedShares(r));
                                   return Status::Ok();
                                 });
}

Result<ShareRelayMessage> ParseShareRelay(crypto::ByteView bytes) {
  return Parse<ShareRelayMessage>(bytes, MessageKind::kShareRelay,
                                  [](WireReader& r, ShareRelayMessage& m) -> Status {
                                    RADFED_ASSIGN_OR_RETURN(m.shares, ReadEncryptedShares(r));
                                    return Status::Ok();
                                  });
}

Result<MaskedInputMessage> ParseMaskedInput(crypto::ByteView bytes) {
  return Parse<MaskedInputMessage>(
      bytes, MessageKind::kMaskedInput, [](WireReader& r, MaskedInputMessage& m) -> Status {
        RADFED_ASSIGN_OR_RETURN(m.masked, r.Words("masked", kMaxVectorWords));
        return Status::Ok();
      });
}

Result<UnmaskingRequestMessage> ParseUnmaskingRequest(crypto::ByteView bytes) {
  return Parse<UnmaskingRequestMessage>(
      bytes, MessageKind::kUnmaskingRequest,
      [](WireReader& r, UnmaskingRequestMessage& m) -> Status {
        RADFED_ASSIGN_OR_RETURN(m.survivors, ReadNames(r, "survivors"));
        RADFED_ASSIGN_OR_RETURN(m.dropped, ReadNames(r, "dropped"));
        return Status::Ok();
      });
}

Result<UnmaskingResponseMessage> ParseUnmaskingResponse(crypto::ByteView bytes) {
  return Parse<UnmaskingResponseMessage>(
      bytes, MessageKind::kUnmaskingResponse,
      [](WireReader& r, UnmaskingResponseMessage& m) -> Status {
        RADFED_ASSIGN_OR_RETURN(
            uint32_t count, r.Count("shares", kMaxRoundSites, kMinStringSize + kRevealedShareSize));
        m.shares.resize(count);
        for (RevealedShare& share : m.shares) {
          RADFED_ASSIGN_OR_RETURN(share.site_id, r.String("shares.site_id", kMaxIdSize));
          RADFED_ASSIGN_OR_RETURN(uint8_t kind, r.U8("shares.kind"));
          if (kind != static_cast<uint8_t>(ShareKind::kMaskSeed) &&
              kind != static_cast<uint8_t>(ShareKind::kMaskingKey)) {
            return Status::InvalidArgument("UnmaskingResponse message: unknown share kind " +
                                           std::to_string(kind));
          }
          share.kind = static_cast<ShareKind>(kind);
          for (uint64_t& value : share.values) {
            RADFED_ASSIGN_OR_RETURN(value, r.U64("shares.values"));
          }
        }
        return Status::Ok();
      });
}

crypto::Bytes KeyAdvertisementPayload(const crypto::Sha256Digest& config_digest,
                                      const AdvertiseKeysMessage& message) {
  WireWriter w;
  w.String(kAdvertiseLabel);
  w.Raw(config_digest);
  WriteHeader(w, MessageKind::kAdvertiseKeys, message.header);
  w.Raw(message.encryption_key);
  w.Raw(message.masking_key);
  return w.Take();
}

Result<crypto::Sha256Digest> MaskedInputDigest(const MaskedInputMessage& message) {
  WireWriter prefix;
  WriteHeader(prefix, MessageKind::kMaskedInput, message.header);
  prefix.U32(static_cast<uint32_t>(message.masked.size()));
  RADFED_ASSIGN_OR_RETURN(crypto::Sha256Hasher hasher, crypto::Sha256Hasher::Create());
  RADFED_RETURN_IF_ERROR(hasher.Update(prefix.bytes()));
  RADFED_RETURN_IF_ERROR(hasher.Update(
      {reinterpret_cast<const uint8_t*>(message.masked.data()), message.masked.size() * 8}));
  return hasher.Final();
}

}  // namespace radfed::secagg
