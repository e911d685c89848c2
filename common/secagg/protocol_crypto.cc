#include "common/secagg/protocol_crypto.h"

#include <algorithm>
#include <string>

#include "common/crypto/hkdf.h"
#include "common/crypto/prg.h"
#include "common/secagg/messages.h"
#include "common/secagg/wire.h"

namespace radfed::secagg {
namespace {

constexpr size_t kBlockWords = 2048;  // 16 KiB: the block stays in L1 while every stream passes

}  // namespace

Result<crypto::SecretBytes> DerivePairwiseKey(PairwiseKeyPurpose purpose,
                                              const crypto::X25519KeyPair& own,
                                              const crypto::X25519PublicKey& peer,
                                              uint32_t own_index, uint32_t peer_index,
                                              const crypto::Sha256Digest& config_digest) {
  RADFED_ASSIGN_OR_RETURN(crypto::SecretBytes shared, own.Agree(peer));
  WireWriter info;
  info.String(purpose == PairwiseKeyPurpose::kMask ? "radfed-secagg-v1 pair-mask"
                                                   : "radfed-secagg-v1 share-encryption");
  info.U32(std::min(own_index, peer_index));
  info.U32(std::max(own_index, peer_index));
  return crypto::HkdfSha256(shared.view(), config_digest, info.bytes(), 32);
}

crypto::Bytes ShareAssociatedData(const crypto::Sha256Digest& config_digest, uint32_t from,
                                  uint32_t to) {
  WireWriter w;
  w.String("radfed-secagg-v1 shares");
  w.Raw(config_digest);
  w.U32(from);
  w.U32(to);
  return w.Take();
}

crypto::SecretBytes EncodeSharePair(const ShamirValues& masking_key,
                                    const ShamirValues& mask_seed) {
  crypto::SecretBytes out(kSharePlaintextSize);
  size_t offset = 0;
  for (const ShamirValues* values : {&masking_key, &mask_seed}) {
    for (uint64_t v : *values) {
      for (int b = 0; b < 8; ++b) out.data()[offset++] = static_cast<uint8_t>(v >> (8 * b));
    }
  }
  return out;
}

Status DecodeSharePair(crypto::ByteView plaintext, ShamirValues& masking_key,
                       ShamirValues& mask_seed) {
  if (plaintext.size() != kSharePlaintextSize) {
    return Status::InvalidArgument("share plaintext has " + std::to_string(plaintext.size()) +
                                   " bytes, expected " + std::to_string(kSharePlaintextSize));
  }
  size_t offset = 0;
  for (ShamirValues* values : {&masking_key, &mask_seed}) {
    for (uint64_t& v : *values) {
      v = 0;
      for (int b = 0; b < 8; ++b) v |= uint64_t{plaintext[offset++]} << (8 * b);
      if (v >= kShamirPrime) {
        return Status::InvalidArgument("share plaintext holds a value outside the field");
      }
    }
  }
  return Status::Ok();
}

Status ApplyMasks(std::span<uint64_t> words, std::span<const MaskTerm> terms) {
  std::vector<crypto::Prg> streams;
  streams.reserve(terms.size());
  for (const MaskTerm& term : terms) {
    RADFED_ASSIGN_OR_RETURN(crypto::Prg prg, crypto::Prg::Create(term.seed.view()));
    streams.push_back(std::move(prg));
  }
  for (size_t start = 0; start < words.size(); start += kBlockWords) {
    std::span<uint64_t> block = words.subspan(start, std::min(kBlockWords, words.size() - start));
    for (size_t t = 0; t < terms.size(); ++t) {
      RADFED_RETURN_IF_ERROR(terms[t].add ? streams[t].AddTo(block)
                                          : streams[t].SubtractFrom(block));
    }
  }
  return Status::Ok();
}

}  // namespace radfed::secagg
