#include "common/crypto/prg.h"

#include <gtest/gtest.h>

#include <vector>

namespace radfed::crypto {
namespace {

std::vector<uint64_t> Words(ByteView seed, size_t count) {
  Result<Prg> prg = Prg::Create(seed);
  EXPECT_TRUE(prg.ok());
  std::vector<uint64_t> out(count);
  EXPECT_TRUE(prg->Fill(out).ok());
  return out;
}

// AES-256 with an all-zero key: keystream blocks E(0) and E(1), as printed by
// `openssl enc -aes-256-ctr` on zero input, read as little-endian words.
TEST(PrgTest, KnownAnswerForZeroSeed) {
  Bytes seed(kPrgSeedSize, 0);
  std::vector<uint64_t> words = Words(seed, 4);
  EXPECT_EQ(words[0], 0x898940a278c095dcULL);  // dc95c078a2408989
  EXPECT_EQ(words[1], 0x8720849214a248adULL);  // ad48a21492842087
  EXPECT_EQ(words[2], 0xb93645c7fb8a0f53ULL);  // 530f8afbc74536b9
  EXPECT_EQ(words[3], 0x8b73cbc4f1b463a9ULL);  // a963b4f1c4cb738b
}

TEST(PrgTest, DeterministicPerSeedAndIndependentOfChunking) {
  Bytes seed(kPrgSeedSize, 0x5a);
  std::vector<uint64_t> whole = Words(seed, 5000);
  EXPECT_EQ(whole, Words(seed, 5000));

  Result<Prg> prg = Prg::Create(seed);
  ASSERT_TRUE(prg.ok());
  std::vector<uint64_t> pieces(5000);
  std::span<uint64_t> rest(pieces);
  for (size_t piece : {1, 7, 1024, 1025, 3}) {
    ASSERT_TRUE(prg->Fill(rest.first(piece)).ok());
    rest = rest.subspan(piece);
  }
  ASSERT_TRUE(prg->Fill(rest).ok());
  EXPECT_EQ(pieces, whole);

  Bytes other_seed(kPrgSeedSize, 0x5b);
  EXPECT_NE(Words(other_seed, 16), std::vector<uint64_t>(whole.begin(), whole.begin() + 16));
}

TEST(PrgTest, AddThenSubtractRestoresInput) {
  Bytes seed(kPrgSeedSize, 3);
  std::vector<uint64_t> input(3000);
  for (size_t i = 0; i < input.size(); ++i) input[i] = i * 0x9e3779b97f4a7c15ULL;
  std::vector<uint64_t> acc = input;
  ASSERT_TRUE(Prg::Create(seed)->AddTo(acc).ok());
  std::vector<uint64_t> stream = Words(seed, input.size());
  for (size_t i = 0; i < input.size(); ++i) EXPECT_EQ(acc[i], input[i] + stream[i]);
  ASSERT_TRUE(Prg::Create(seed)->SubtractFrom(acc).ok());
  EXPECT_EQ(acc, input);
}

TEST(PrgTest, RejectsWrongSeedSize) {
  Bytes seed(16, 0);
  EXPECT_EQ(Prg::Create(seed).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::crypto
