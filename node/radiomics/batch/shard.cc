#include "node/radiomics/batch/shard.h"

#include <charconv>

#include "common/crypto/sha256.h"

namespace radfed::radiomics {
namespace {

bool ParseInt(std::string_view text, int& value) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && result.ec == std::errc() && result.ptr == text.data() + text.size();
}

}  // namespace

Result<Shard> ParseShard(std::string_view text) {
  const auto slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos || !ParseInt(text.substr(0, slash), shard.index) ||
      !ParseInt(text.substr(slash + 1), shard.count)) {
    return Status::InvalidArgument("--shard '" + std::string(text) + "': expected i/N, e.g. 0/8");
  }
  if (shard.count < 1 || shard.index < 0 || shard.index >= shard.count) {
    return Status::InvalidArgument("--shard '" + std::string(text) + "': need N >= 1 and 0 <= i < N (shards count from 0)");
  }
  return shard;
}

Result<int> ShardOf(const std::string& case_id, int count) {
  const crypto::ByteView id(reinterpret_cast<const uint8_t*>(case_id.data()), case_id.size());
  RADFED_ASSIGN_OR_RETURN(crypto::Sha256Digest digest, crypto::Sha256(id));
  uint64_t prefix = 0;
  for (int i = 0; i < 8; ++i) prefix = prefix << 8 | digest[i];
  return static_cast<int>(prefix % static_cast<uint64_t>(count));
}

Result<std::vector<ManifestCase>> SelectShard(std::vector<ManifestCase> cases, const Shard& shard) {
  std::vector<ManifestCase> selected;
  for (auto& c : cases) {
    RADFED_ASSIGN_OR_RETURN(int owner, ShardOf(c.case_id, shard.count));
    if (owner == shard.index) selected.push_back(std::move(c));
  }
  return selected;
}

}  // namespace radfed::radiomics
