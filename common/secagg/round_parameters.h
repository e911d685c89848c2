// RoundConfig: what a study declares for one secure-aggregation round; RoundParameters: the
// validated form with derived values, shared by the client and server state machines.
//
// Every party must build its RoundParameters from the same RoundConfig: the configuration digest
// is signed into each key advertisement, so parties holding different configurations cannot
// complete step 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/crypto/sha256.h"
#include "common/secagg/fixed_point.h"
#include "common/status.h"

namespace radfed::secagg {

struct RoundConfig {
  std::string study_id;
  uint64_t round_id = 0;  // unique per study; messages of other rounds are rejected
  // Fixed site order: sites[i] holds Shamir share point i + 1 and pair-mask signs follow it.
  std::vector<std::string> sites;
  // Minimum number of sites that must survive every step; 0 selects DefaultThreshold(n).
  uint32_t threshold = 0;
  // Real values per site vector; each is encoded into `encoding.limbs` words.
  uint64_t vector_length = 0;
  FixedPointSpec encoding;
  // With two sites the sum reveals the other site's input; allow it only by explicit decision.
  bool allow_two_sites = false;
};

// Majority of n sites, but never below 2: floor(n / 2) + 1.
uint32_t DefaultThreshold(size_t site_count);

// Immutable after Create(); thread-safe. Cheap to copy relative to a round (one per party).
class RoundParameters {
 public:
  // Validates `config`:
  //  * study_id and site ids non-empty, at most kMaxIdSize bytes, site ids unique;
  //  * 3 <= n <= kMaxRoundSites sites (n == 2 only with allow_two_sites);
  //  * threshold 0 (default) or 2 <= threshold <= n;
  //  * 1 <= vector_length and vector_length * limbs <= kMaxVectorWords;
  //  * the encoding passes FixedPointCodec::Create and its max_sites >= n.
  // InvalidArgument naming the offending field otherwise.
  static Result<RoundParameters> Create(RoundConfig config);

  const RoundConfig& config() const { return config_; }
  const std::string& study_id() const { return config_.study_id; }
  uint64_t round_id() const { return config_.round_id; }
  size_t site_count() const { return config_.sites.size(); }
  uint32_t threshold() const { return threshold_; }
  // Words of one masked vector: vector_length * limbs.
  size_t masked_words() const { return masked_words_; }
  const FixedPointCodec& codec() const { return codec_; }
  // SHA-256 of the canonical encoding of the config (with the threshold resolved).
  const crypto::Sha256Digest& digest() const { return digest_; }

  // 1-based share point of `site_id`, or nullopt if it is not a member of this round.
  std::optional<uint32_t> IndexOf(std::string_view site_id) const;
  // Precondition: 1 <= index <= site_count().
  const std::string& SiteAt(uint32_t index) const { return config_.sites[index - 1]; }

 private:
  RoundParameters(RoundConfig config, FixedPointCodec codec)
      : config_(std::move(config)), codec_(std::move(codec)) {}

  RoundConfig config_;
  FixedPointCodec codec_;
  uint32_t threshold_ = 0;
  size_t masked_words_ = 0;
  crypto::Sha256Digest digest_{};
  std::unordered_map<std::string, uint32_t> index_;
};

}  // namespace radfed::secagg
