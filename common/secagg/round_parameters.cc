#include "common/secagg/round_parameters.h"

#include <bit>
#include <cstring>

#include "common/secagg/messages.h"
#include "common/secagg/wire.h"

namespace radfed::secagg {
namespace {

Status CheckId(std::string_view id, const std::string& what) {
  if (id.empty()) return Status::InvalidArgument("round config: " + what + " is empty");
  if (id.size() > kMaxIdSize) {
    return Status::InvalidArgument("round config: " + what + " is longer than " +
                                   std::to_string(kMaxIdSize) + " bytes");
  }
  return Status::Ok();
}

}  // namespace

uint32_t DefaultThreshold(size_t site_count) {
  uint32_t majority = static_cast<uint32_t>(site_count / 2 + 1);
  return majority < 2 ? 2 : majority;
}

Result<RoundParameters> RoundParameters::Create(RoundConfig config) {
  RADFED_RETURN_IF_ERROR(CheckId(config.study_id, "study_id"));
  const size_t n = config.sites.size();
  const std::string where = "round config for study '" + config.study_id + "' round " +
                            std::to_string(config.round_id) + ": ";
  if (n > kMaxRoundSites) {
    return Status::InvalidArgument(where + std::to_string(n) + " sites, at most " +
                                   std::to_string(kMaxRoundSites) + " supported");
  }
  if (n < 2 || (n == 2 && !config.allow_two_sites)) {
    return Status::InvalidArgument(
        where + std::to_string(n) +
        " site(s): secure aggregation needs at least 3 (with 2, the sum reveals the other "
        "site's input; set allow_two_sites to accept that)");
  }
  std::unordered_map<std::string, uint32_t> index;
  for (size_t i = 0; i < n; ++i) {
    RADFED_RETURN_IF_ERROR(CheckId(config.sites[i], "site " + std::to_string(i + 1) + " id"));
    if (!index.emplace(config.sites[i], static_cast<uint32_t>(i + 1)).second) {
      return Status::InvalidArgument(where + "site '" + config.sites[i] + "' is listed twice");
    }
  }
  uint32_t threshold = config.threshold == 0 ? DefaultThreshold(n) : config.threshold;
  if (threshold < 2 || threshold > n) {
    return Status::InvalidArgument(where + "threshold " + std::to_string(threshold) +
                                   " outside 2.." + std::to_string(n));
  }
  Result<FixedPointCodec> codec = FixedPointCodec::Create(config.encoding);
  if (!codec.ok()) return codec.status().WithContext(where.substr(0, where.size() - 2));
  if (config.encoding.max_sites < n) {
    return Status::InvalidArgument(where + "encoding declares max_sites " +
                                   std::to_string(config.encoding.max_sites) + " for " +
                                   std::to_string(n) + " sites");
  }
  if (config.vector_length == 0 || config.vector_length > kMaxVectorWords / config.encoding.limbs) {
    return Status::InvalidArgument(where + "vector_length " + std::to_string(config.vector_length) +
                                   " outside 1.." +
                                   std::to_string(kMaxVectorWords / config.encoding.limbs));
  }

  WireWriter w;
  w.String("radfed-secagg-v1 round-config");
  w.String(config.study_id);
  w.U64(config.round_id);
  w.U32(static_cast<uint32_t>(n));
  for (const std::string& site : config.sites) w.String(site);
  w.U32(threshold);
  w.U64(config.vector_length);
  w.U32(config.encoding.fraction_bits);
  w.U64(std::bit_cast<uint64_t>(config.encoding.max_abs));
  w.U32(config.encoding.max_sites);
  w.U32(config.encoding.limbs);
  w.U8(config.allow_two_sites ? 1 : 0);
  RADFED_ASSIGN_OR_RETURN(crypto::Sha256Digest digest, crypto::Sha256(w.bytes()));

  RoundParameters params(std::move(config), std::move(codec).value());
  params.threshold_ = threshold;
  params.masked_words_ = params.config_.vector_length * params.config_.encoding.limbs;
  params.digest_ = digest;
  params.index_ = std::move(index);
  return params;
}

std::optional<uint32_t> RoundParameters::IndexOf(std::string_view site_id) const {
  auto it = index_.find(std::string(site_id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace radfed::secagg
