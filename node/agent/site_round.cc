#include "node/agent/site_round.h"

#include "common/io/untrusted_json.h"
#include "common/secagg/round_config_json.h"

namespace radfed::node {
namespace {

crypto::Bytes ToBytes(const std::string& s) { return crypto::Bytes(s.begin(), s.end()); }
std::string ToString(const crypto::Bytes& b) { return std::string(b.begin(), b.end()); }

}  // namespace

Result<std::unique_ptr<SiteRound>> SiteRound::Start(const std::string& site, const std::string& study_id,
                                                    uint32_t attempt, const std::string& config_json,
                                                    const std::vector<double>& vector,
                                                    std::set<std::string> required_sites, size_t min_sites,
                                                    secagg::KeySigner* signer, secagg::PeerKeyVerifier* verifier) {
  auto parsed = io::ParseUntrustedJson(config_json);
  if (parsed.is_discarded()) return Status::InvalidArgument("the round configuration is not valid JSON");
  RADFED_ASSIGN_OR_RETURN(secagg::RoundConfig config, secagg::RoundConfigFromJson(parsed));
  if (config.study_id != study_id || config.round_id != attempt) {
    return Status::InvalidArgument("the round configuration is for study " + config.study_id + " round " +
                                   std::to_string(config.round_id) + ", not this request");
  }
  if (config.vector_length != vector.size()) {
    return Status::InvalidArgument("the round expects " + std::to_string(config.vector_length) +
                                   " values but the task produced " + std::to_string(vector.size()));
  }
  for (const std::string& required : required_sites) {
    if (std::find(config.sites.begin(), config.sites.end(), required) == config.sites.end()) {
      return Status::FailedPrecondition("required site " + required + " is not in this round");
    }
  }
  RADFED_ASSIGN_OR_RETURN(secagg::RoundParameters params, secagg::RoundParameters::Create(std::move(config)));
  RADFED_ASSIGN_OR_RETURN(secagg::SecAggClient client, secagg::SecAggClient::Create(std::move(params), site, signer, verifier));
  RADFED_RETURN_IF_ERROR(client.SetInput(vector));
  return std::unique_ptr<SiteRound>(new SiteRound(std::move(client), std::move(required_sites), min_sites));
}

Result<std::string> SiteRound::OnStep(v1::AggregationStep step, const std::string& payload) {
  const crypto::Bytes bytes = ToBytes(payload);
  switch (step) {
    case v1::AGGREGATION_STEP_ADVERTISE_KEYS: {
      RADFED_ASSIGN_OR_RETURN(auto m, client_.AdvertiseKeys());
      return ToString(secagg::Serialize(m));
    }
    case v1::AGGREGATION_STEP_SHARE_KEYS: {
      RADFED_ASSIGN_OR_RETURN(auto directory, secagg::ParseKeyDirectory(bytes));
      RADFED_ASSIGN_OR_RETURN(auto m, client_.HandleKeyDirectory(directory));
      return ToString(secagg::Serialize(m));
    }
    case v1::AGGREGATION_STEP_MASKED_INPUT: {
      RADFED_ASSIGN_OR_RETURN(auto relay, secagg::ParseShareRelay(bytes));
      RADFED_ASSIGN_OR_RETURN(auto m, client_.HandleShareRelay(relay));
      return ToString(secagg::Serialize(m));
    }
    case v1::AGGREGATION_STEP_UNMASK: {
      RADFED_ASSIGN_OR_RETURN(auto request, secagg::ParseUnmaskingRequest(bytes));
      const std::set<std::string> survivors(request.survivors.begin(), request.survivors.end());
      if (survivors.size() < min_sites_) {
        client_.Abort("too few survivors");
        return Status::PermissionDenied("not unmasking: only " + std::to_string(survivors.size()) +
                                        " sites survived and the study needs " + std::to_string(min_sites_) +
                                        "; the partial sum would expose the others when the round is retried");
      }
      if (!required_.empty()) {
        if (survivors != required_) {
          client_.Abort("a required site dropped");
          std::string missing;
          for (const std::string& s : required_)
            if (!survivors.count(s)) missing += (missing.empty() ? "" : ", ") + s;
          return Status::PermissionDenied("not unmasking: required site(s) " + missing +
                                          " dropped, and a sum without them would expose them when the round is retried");
        }
      }
      RADFED_ASSIGN_OR_RETURN(auto m, client_.HandleUnmaskingRequest(request));
      return ToString(secagg::Serialize(m));
    }
    default:
      return Status::InvalidArgument("unknown aggregation step");
  }
}

}  // namespace radfed::node
