#include "common/secagg/protocol_crypto.h"

#include <gtest/gtest.h>

#include "common/crypto/hex.h"
#include "common/crypto/prg.h"
#include "common/secagg/messages.h"

namespace radfed::secagg {
namespace {

crypto::Sha256Digest Digest(uint8_t first) {
  crypto::Sha256Digest digest{};
  digest[0] = first;
  return digest;
}

TEST(ProtocolCryptoTest, BothSitesOfAPairDeriveTheSameKeys) {
  crypto::X25519KeyPair u = crypto::X25519KeyPair::Generate().value();
  crypto::X25519KeyPair v = crypto::X25519KeyPair::Generate().value();
  for (PairwiseKeyPurpose purpose :
       {PairwiseKeyPurpose::kMask, PairwiseKeyPurpose::kShareEncryption}) {
    crypto::SecretBytes uv = DerivePairwiseKey(purpose, u, v.public_key(), 2, 5, Digest(1)).value();
    crypto::SecretBytes vu = DerivePairwiseKey(purpose, v, u.public_key(), 5, 2, Digest(1)).value();
    EXPECT_EQ(uv.size(), 32u);
    EXPECT_EQ(crypto::ToHex(uv.view()), crypto::ToHex(vu.view()));
  }
}

TEST(ProtocolCryptoTest, KeysAreSeparatedByPurposeRoundAndPair) {
  crypto::X25519KeyPair u = crypto::X25519KeyPair::Generate().value();
  crypto::X25519KeyPair v = crypto::X25519KeyPair::Generate().value();
  auto key = [&](PairwiseKeyPurpose purpose, uint32_t a, uint32_t b, uint8_t round) {
    return crypto::ToHex(
        DerivePairwiseKey(purpose, u, v.public_key(), a, b, Digest(round)).value().view());
  };
  std::string base = key(PairwiseKeyPurpose::kMask, 1, 2, 0);
  EXPECT_NE(key(PairwiseKeyPurpose::kShareEncryption, 1, 2, 0), base);
  EXPECT_NE(key(PairwiseKeyPurpose::kMask, 1, 2, 1), base);
  EXPECT_NE(key(PairwiseKeyPurpose::kMask, 1, 3, 0), base);
}

TEST(ProtocolCryptoTest, AssociatedDataDependsOnDirection) {
  EXPECT_NE(ShareAssociatedData(Digest(0), 1, 2), ShareAssociatedData(Digest(0), 2, 1));
  EXPECT_NE(ShareAssociatedData(Digest(0), 1, 2), ShareAssociatedData(Digest(1), 1, 2));
}

TEST(ProtocolCryptoTest, SharePairRoundTripsAndRejectsMalformedPlaintext) {
  ShamirValues key = {1, 2, 3, 4, kShamirPrime - 1};
  ShamirValues seed = {5, 6, 7, 8, 0};
  crypto::SecretBytes plaintext = EncodeSharePair(key, seed);
  ASSERT_EQ(plaintext.size(), kSharePlaintextSize);
  ShamirValues key_out{};
  ShamirValues seed_out{};
  ASSERT_TRUE(DecodeSharePair(plaintext.view(), key_out, seed_out).ok());
  EXPECT_EQ(key_out, key);
  EXPECT_EQ(seed_out, seed);

  EXPECT_EQ(
      DecodeSharePair(plaintext.view().first(kSharePlaintextSize - 1), key_out, seed_out).code(),
      StatusCode::kInvalidArgument);
  crypto::SecretBytes outside = EncodeSharePair({kShamirPrime, 0, 0, 0, 0}, seed);
  EXPECT_EQ(DecodeSharePair(outside.view(), key_out, seed_out).code(),
            StatusCode::kInvalidArgument);
}

TEST(ProtocolCryptoTest, PairMasksCancelAndSelfMasksRemove) {
  crypto::SecretBytes pair(crypto::Bytes(32, 7));
  crypto::SecretBytes self(crypto::Bytes(32, 9));
  const size_t words = 5000;  // not a multiple of the block size
  std::vector<uint64_t> x(words, 0);
  std::vector<uint64_t> y(words, 0);
  for (size_t i = 0; i < words; ++i) {
    x[i] = i;
    y[i] = 3 * i;
  }
  std::vector<MaskTerm> u_terms;
  u_terms.push_back({self.Clone(), true});
  u_terms.push_back({pair.Clone(), PairMaskAdds(1, 2)});
  std::vector<MaskTerm> v_terms;
  v_terms.push_back({pair.Clone(), PairMaskAdds(2, 1)});
  std::vector<uint64_t> masked_x = x;
  std::vector<uint64_t> masked_y = y;
  ASSERT_TRUE(ApplyMasks(masked_x, u_terms).ok());
  ASSERT_TRUE(ApplyMasks(masked_y, v_terms).ok());
  EXPECT_NE(masked_x, x);

  std::vector<uint64_t> sum(words);
  for (size_t i = 0; i < words; ++i) sum[i] = masked_x[i] + masked_y[i];
  std::vector<MaskTerm> remove_self;
  remove_self.push_back({self.Clone(), false});
  ASSERT_TRUE(ApplyMasks(sum, remove_self).ok());
  for (size_t i = 0; i < words; ++i) ASSERT_EQ(sum[i], 4 * i) << i;
}

TEST(ProtocolCryptoTest, BlockedExpansionEqualsOneStreamAtATime) {
  const size_t words = 7000;
  std::vector<MaskTerm> terms;
  for (uint8_t i = 0; i < 3; ++i) {
    terms.push_back({crypto::SecretBytes(crypto::Bytes(32, static_cast<uint8_t>(i + 1))), i != 1});
  }
  std::vector<uint64_t> blocked(words, 100);
  ASSERT_TRUE(ApplyMasks(blocked, terms).ok());
  std::vector<uint64_t> sequential(words, 100);
  for (const MaskTerm& term : terms) {
    crypto::Prg prg = crypto::Prg::Create(term.seed.view()).value();
    ASSERT_TRUE((term.add ? prg.AddTo(sequential) : prg.SubtractFrom(sequential)).ok());
  }
  EXPECT_EQ(blocked, sequential);
}

}  // namespace
}  // namespace radfed::secagg
