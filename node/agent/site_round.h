// SiteRound: this site's part in one secure-aggregation round of a study.
//
// Created when the coordinator opens a round (step 1, with the round configuration and the task):
// the site has already computed its vector locally; SiteRound masks it and answers the protocol's
// steps. Besides the protocol's own checks it enforces one rule of radfed's: it reveals its
// unmasking shares only for a sum the study can use — over exactly the sites the task requires
// (every round after a study's first), and over at least the study's min_sites. Otherwise the
// coordinator would learn a sum it must discard and, from the full sum of the retry, the missing
// sites' inputs by subtraction.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/secagg/client.h"
#include "radfed/v1/site_session.pb.h"

namespace radfed::node {

class SiteRound {
 public:
  // Validates that `config_json` describes this study and attempt, includes this site and has the
  // vector's length; creates the client and returns the round. `signer`/`verifier` must outlive it.
  static Result<std::unique_ptr<SiteRound>> Start(const std::string& site, const std::string& study_id,
                                                  uint32_t attempt, const std::string& config_json,
                                                  const std::vector<double>& vector,
                                                  std::set<std::string> required_sites, size_t min_sites,
                                                  secagg::KeySigner* signer, secagg::PeerKeyVerifier* verifier);

  // The reply payload for `step` (ADVERTISE_KEYS takes no payload). Errors mean the site refuses
  // to go on with this round (the coordinator then counts it as dropped).
  Result<std::string> OnStep(v1::AggregationStep step, const std::string& payload);

  // SHA-256 of the masked input this site sent (for its receipt), once sent.
  const std::optional<crypto::Sha256Digest>& masked_input_digest() const { return client_.masked_input_digest(); }

 private:
  SiteRound(secagg::SecAggClient client, std::set<std::string> required, size_t min_sites)
      : client_(std::move(client)), required_(std::move(required)), min_sites_(min_sites) {}

  secagg::SecAggClient client_;
  std::set<std::string> required_;
  size_t min_sites_;
};

}  // namespace radfed::node
