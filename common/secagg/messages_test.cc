#include "common/secagg/messages.h"

#include <gtest/gtest.h>

#include "common/secagg/wire.h"

namespace radfed::secagg {
namespace {

MessageHeader Header(Step step, std::string site = "site-b") {
  return {"study-1", 7, step, std::move(site)};
}

AdvertiseKeysMessage Advertisement(std::string site = "site-b") {
  AdvertiseKeysMessage m;
  m.header = Header(Step::kAdvertiseKeys, std::move(site));
  m.encryption_key.fill(0x11);
  m.masking_key.fill(0x22);
  m.certificate = {1, 2, 3, 4};
  m.signature = {9, 8, 7};
  return m;
}

KeyDirectoryMessage Directory() {
  return {Header(Step::kShareKeys, "site-a"), {Advertisement("site-a"), Advertisement("site-b")}};
}

ShareKeysMessage ShareKeys() {
  return {Header(Step::kShareKeys),
          {{"site-a", crypto::Bytes(kShareCiphertextSize, 5)},
           {"site-c", crypto::Bytes(kShareCiphertextSize, 6)}}};
}

MaskedInputMessage MaskedInput() {
  return {Header(Step::kMaskedInput), {0, 1, ~uint64_t{0}, 0x8000000000000000ULL}};
}

UnmaskingRequestMessage Request() {
  return {Header(Step::kUnmasking, "site-a"), {"site-a", "site-b"}, {"site-c"}};
}

UnmaskingResponseMessage Response() {
  RevealedShare a{"site-a", ShareKind::kMaskSeed, {1, 2, 3, 4, 5}};
  RevealedShare c{"site-c", ShareKind::kMaskingKey, {6, 7, 8, 9, kShamirPrime - 1}};
  return {Header(Step::kUnmasking), {a, c}};
}

TEST(MessagesTest, EveryKindRoundTrips) {
  EXPECT_EQ(ParseAdvertiseKeys(Serialize(Advertisement())).value(), Advertisement());
  EXPECT_EQ(ParseKeyDirectory(Serialize(Directory())).value(), Directory());
  EXPECT_EQ(ParseShareKeys(Serialize(ShareKeys())).value(), ShareKeys());
  ShareRelayMessage relay{Header(Step::kMaskedInput, "site-a"), ShareKeys().shares};
  EXPECT_EQ(ParseShareRelay(Serialize(relay)).value(), relay);
  EXPECT_EQ(ParseMaskedInput(Serialize(MaskedInput())).value(), MaskedInput());
  EXPECT_EQ(ParseUnmaskingRequest(Serialize(Request())).value(), Request());
  EXPECT_EQ(ParseUnmaskingResponse(Serialize(Response())).value(), Response());
}

TEST(MessagesTest, PeekIdentifiesKindAndParsersRefuseOtherKinds) {
  EXPECT_EQ(PeekMessageKind(Serialize(MaskedInput())).value(), MessageKind::kMaskedInput);
  EXPECT_EQ(PeekMessageKind(Serialize(Request())).value(), MessageKind::kUnmaskingRequest);
  EXPECT_EQ(ParseShareRelay(Serialize(ShareKeys())).status().code(), StatusCode::kInvalidArgument);
  crypto::Bytes junk = {'n', 'o', 'p', 'e', 1, 1};
  EXPECT_EQ(PeekMessageKind(junk).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAdvertiseKeys(junk).status().code(), StatusCode::kInvalidArgument);
  crypto::Bytes bytes = Serialize(Advertisement());
  bytes[4] = 2;  // version
  EXPECT_EQ(PeekMessageKind(bytes).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAdvertiseKeys(bytes).status().code(), StatusCode::kInvalidArgument);
  bytes[4] = 1;
  bytes[5] = 99;  // kind
  EXPECT_EQ(PeekMessageKind(bytes).status().code(), StatusCode::kInvalidArgument);
}

TEST(MessagesTest, EveryTruncationAndTrailingByteIsRefused) {
  for (const crypto::Bytes& full :
       {Serialize(Advertisement()), Serialize(Directory()), Serialize(ShareKeys()),
        Serialize(MaskedInput()), Serialize(Request()), Serialize(Response())}) {
    MessageKind kind = PeekMessageKind(full).value();
    auto parses = [kind](crypto::ByteView bytes) {
      switch (kind) {
        case MessageKind::kAdvertiseKeys:
          return ParseAdvertiseKeys(bytes).ok();
        case MessageKind::kKeyDirectory:
          return ParseKeyDirectory(bytes).ok();
        case MessageKind::kShareKeys:
          return ParseShareKeys(bytes).ok();
        case MessageKind::kShareRelay:
          return ParseShareRelay(bytes).ok();
        case MessageKind::kMaskedInput:
          return ParseMaskedInput(bytes).ok();
        case MessageKind::kUnmaskingRequest:
          return ParseUnmaskingRequest(bytes).ok();
        case MessageKind::kUnmaskingResponse:
          return ParseUnmaskingResponse(bytes).ok();
      }
      return false;
    };
    ASSERT_TRUE(parses(full)) << static_cast<int>(kind);
    for (size_t length = 0; length < full.size(); ++length) {
      EXPECT_FALSE(parses(crypto::ByteView(full).first(length)))
          << "kind " << static_cast<int>(kind) << " truncated to " << length;
    }
    crypto::Bytes longer = full;
    longer.push_back(0);
    EXPECT_FALSE(parses(longer)) << "kind " << static_cast<int>(kind) << " with a trailing byte";
  }
}

TEST(MessagesTest, RefusesOutOfRangeFields) {
  crypto::Bytes bytes = Serialize(MaskedInput());
  // Header layout: magic(4) version(1) kind(1) study(2+7) round(8) step(1).
  const size_t step_offset = 6 + 2 + 7 + 8;
  ASSERT_EQ(bytes[step_offset], static_cast<uint8_t>(Step::kMaskedInput));
  bytes[step_offset] = 9;
  EXPECT_EQ(ParseMaskedInput(bytes).status().code(), StatusCode::kInvalidArgument);

  UnmaskingResponseMessage response = Response();
  response.shares[0].kind = static_cast<ShareKind>(3);
  EXPECT_EQ(ParseUnmaskingResponse(Serialize(response)).status().code(),
            StatusCode::kInvalidArgument);

  ShareKeysMessage oversized = ShareKeys();
  oversized.shares[0].ciphertext.resize(kShareCiphertextSize + 1);
  EXPECT_EQ(ParseShareKeys(Serialize(oversized)).status().code(), StatusCode::kInvalidArgument);

  AdvertiseKeysMessage long_signature = Advertisement();
  long_signature.signature.resize(kMaxSignatureSize + 1);
  EXPECT_EQ(ParseAdvertiseKeys(Serialize(long_signature)).status().code(),
            StatusCode::kInvalidArgument);

  AdvertiseKeysMessage long_site = Advertisement(std::string(kMaxIdSize + 1, 'x'));
  EXPECT_EQ(ParseAdvertiseKeys(Serialize(long_site)).status().code(), StatusCode::kInvalidArgument);
}

TEST(MessagesTest, HostileCountsFailWithoutAllocating) {
  crypto::Bytes bytes = Serialize(MaskedInput());
  const size_t count_offset = 6 + 2 + 7 + 8 + 1 + 2 + 6;
  ASSERT_EQ(bytes[count_offset], 4);
  for (int i = 0; i < 4; ++i) bytes[count_offset + i] = 0xff;
  EXPECT_EQ(ParseMaskedInput(bytes).status().code(), StatusCode::kInvalidArgument);

  crypto::Bytes directory = Serialize(Directory());
  const size_t entries_offset = 6 + 2 + 7 + 8 + 1 + 2 + 6;
  ASSERT_EQ(directory[entries_offset], 2);
  directory[entries_offset + 2] = 0x7f;
  EXPECT_EQ(ParseKeyDirectory(directory).status().code(), StatusCode::kInvalidArgument);
}

TEST(MessagesTest, AdvertisementPayloadBindsEverySignedField) {
  crypto::Sha256Digest digest{};
  crypto::Bytes base = KeyAdvertisementPayload(digest, Advertisement());
  crypto::Sha256Digest other_digest{};
  other_digest[0] = 1;
  EXPECT_NE(KeyAdvertisementPayload(other_digest, Advertisement()), base);
  AdvertiseKeysMessage m = Advertisement();
  m.header.round_id = 8;
  EXPECT_NE(KeyAdvertisementPayload(digest, m), base);
  m = Advertisement("site-c");
  EXPECT_NE(KeyAdvertisementPayload(digest, m), base);
  m = Advertisement();
  m.masking_key[31] ^= 1;
  EXPECT_NE(KeyAdvertisementPayload(digest, m), base);
  m = Advertisement();
  m.encryption_key[0] ^= 1;
  EXPECT_NE(KeyAdvertisementPayload(digest, m), base);
  // The relayed certificate and the signature itself are not signed.
  m = Advertisement();
  m.certificate = {};
  m.signature = {1};
  EXPECT_EQ(KeyAdvertisementPayload(digest, m), base);
}

TEST(MessagesTest, MaskedInputDigestIsTheDigestOfTheBytes) {
  MaskedInputMessage m = MaskedInput();
  EXPECT_EQ(MaskedInputDigest(m).value(), crypto::Sha256(Serialize(m)).value());
  MaskedInputMessage changed = m;
  changed.masked[1] += 1;
  EXPECT_NE(MaskedInputDigest(changed).value(), MaskedInputDigest(m).value());
}

}  // namespace
}  // namespace radfed::secagg
