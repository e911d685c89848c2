#include "common/crypto/prg.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "common/crypto/openssl_status.h"

namespace radfed::crypto {
namespace {

// Words are the keystream's bytes in little-endian order; the project targets little-endian
// hosts (amd64, arm64), where that is a plain copy.
static_assert(std::endian::native == std::endian::little,
              "Prg reads keystream bytes as little-endian words");

// Keystream is produced in blocks of this many words: small enough for L1, large enough that
// the per-call EVP overhead vanishes.
constexpr size_t kChunkWords = 1024;
alignas(64) const uint8_t kZeros[kChunkWords * sizeof(uint64_t)] = {};

EVP_CIPHER_CTX* Ctx(void* p) { return static_cast<EVP_CIPHER_CTX*>(p); }

}  // namespace

void Prg::CtxDeleter::operator()(void* ctx) const { EVP_CIPHER_CTX_free(Ctx(ctx)); }

Result<Prg> Prg::Create(ByteView seed) {
  if (seed.size() != kPrgSeedSize) {
    return Status::InvalidArgument("PRG seed must be 32 bytes, got " + std::to_string(seed.size()));
  }
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) return OpenSslError("PRG context");
  Prg prg(ctx);
  const uint8_t zero_counter[16] = {};
  if (EVP_EncryptInit_ex(ctx, EVP_aes_256_ctr(), nullptr, seed.data(), zero_counter) != 1) {
    return OpenSslError("PRG AES-256-CTR init");
  }
  return prg;
}

template <typename Combine>
Status Prg::Stream(std::span<uint64_t> acc, Combine combine) {
  alignas(64) uint64_t block[kChunkWords];
  while (!acc.empty()) {
    size_t words = std::min(acc.size(), kChunkWords);
    int length = 0;
    if (EVP_EncryptUpdate(Ctx(ctx_.get()), reinterpret_cast<uint8_t*>(block), &length, kZeros,
                          static_cast<int>(words * sizeof(uint64_t))) != 1) {
      return OpenSslError("PRG keystream");
    }
    uint64_t* out = acc.data();
    for (size_t i = 0; i < words; ++i) out[i] = combine(out[i], block[i]);
    acc = acc.subspan(words);
  }
  // The keystream is the mask itself; do not leave it on the stack.
  OPENSSL_cleanse(block, sizeof(block));
  return Status::Ok();
}

Status Prg::Fill(std::span<uint64_t> out) {
  return Stream(out, [](uint64_t, uint64_t word) { return word; });
}

Status Prg::AddTo(std::span<uint64_t> acc) {
  return Stream(acc, [](uint64_t a, uint64_t word) { return a + word; });
}

Status Prg::SubtractFrom(std::span<uint64_t> acc) {
  return Stream(acc, [](uint64_t a, uint64_t word) { return a - word; });
}

}  // namespace radfed::crypto
