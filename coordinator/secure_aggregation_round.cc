#include "coordinator/secure_aggregation_round.h"

#include "common/secagg/round_config_json.h"

namespace radfed::coordinator {
namespace {

crypto::Bytes ToBytes(const std::string& s) { return crypto::Bytes(s.begin(), s.end()); }
std::string ToString(const crypto::Bytes& b) { return std::string(b.begin(), b.end()); }

}  // namespace

secagg::FixedPointSpec EncodingFor(const study::AggregationTask& task) {
  secagg::FixedPointSpec spec;
  spec.fraction_bits = 40;
  spec.max_abs = task.max_abs;
  spec.max_sites = 1024;
  spec.limbs = 2;
  return spec;
}

Result<std::unique_ptr<SecureAggregationRound>> SecureAggregationRound::Create(
    const std::string& study_id, uint64_t round_id, const std::set<std::string>& participants,
    const study::AggregationTask& task, const SecureAggregationOptions& options,
    secagg::PeerKeyVerifier* verifier) {
  secagg::RoundConfig config;
  config.study_id = study_id;
  config.round_id = round_id;
  config.sites.assign(participants.begin(), participants.end());
  config.threshold = options.threshold;
  config.vector_length = task.length;
  config.encoding = EncodingFor(task);
  config.allow_two_sites = options.allow_two_sites;
  const std::string json = secagg::RoundConfigToJson(config).dump();
  RADFED_ASSIGN_OR_RETURN(secagg::RoundParameters params, secagg::RoundParameters::Create(std::move(config)));
  RADFED_ASSIGN_OR_RETURN(secagg::SecAggServer server, secagg::SecAggServer::Create(std::move(params), verifier));
  std::unique_ptr<SecureAggregationRound> round(new SecureAggregationRound(std::move(server), json));
  round->awaited_ = participants;
  return round;
}

v1::AggregationStep SecureAggregationRound::step() const {
  switch (server_.state()) {
    case secagg::ServerState::kAwaitingKeys: return v1::AGGREGATION_STEP_ADVERTISE_KEYS;
    case secagg::ServerState::kAwaitingShares: return v1::AGGREGATION_STEP_SHARE_KEYS;
    case secagg::ServerState::kAwaitingMaskedInputs: return v1::AGGREGATION_STEP_MASKED_INPUT;
    case secagg::ServerState::kAwaitingUnmasking: return v1::AGGREGATION_STEP_UNMASK;
    default: return v1::AGGREGATION_STEP_UNSPECIFIED;
  }
}

std::map<std::string, std::string> SecureAggregationRound::Requests() {
  std::map<std::string, std::string> requests;
  switch (server_.state()) {
    case secagg::ServerState::kAwaitingKeys:
      for (const std::string& site : awaited_) requests[site] = config_json_;
      break;
    case secagg::ServerState::kAwaitingShares:
      for (const std::string& site : server_.Recipients()) {
        auto m = server_.KeyDirectoryFor(site);
        if (m.ok()) requests[site] = ToString(secagg::Serialize(*m));
      }
      break;
    case secagg::ServerState::kAwaitingMaskedInputs:
      for (const std::string& site : server_.Recipients()) {
        auto m = server_.ShareRelayFor(site);
        if (m.ok()) requests[site] = ToString(secagg::Serialize(*m));
      }
      break;
    case secagg::ServerState::kAwaitingUnmasking:
      for (const std::string& site : server_.Recipients()) {
        auto m = server_.UnmaskingRequestFor(site);
        if (m.ok()) requests[site] = ToString(secagg::Serialize(*m));
      }
      break;
    default:
      break;
  }
  awaited_.clear();
  for (const auto& [site, payload] : requests) awaited_.insert(site);
  return requests;
}

Status SecureAggregationRound::OnReply(const std::string& site, const std::string& payload) {
  if (!awaited_.count(site)) return Status::InvalidArgument("unexpected reply from " + site);
  const crypto::Bytes bytes = ToBytes(payload);
  RADFED_ASSIGN_OR_RETURN(secagg::MessageKind kind, secagg::PeekMessageKind(bytes));
  // The sender named inside the message must be the site whose certificate opened the session.
  auto from = [&](const secagg::MessageHeader& header) -> Status {
    if (header.site_id != site) {
      return Status::PermissionDenied(site + " sent a message claiming to come from " + header.site_id);
    }
    return Status::Ok();
  };
  Status handled;
  switch (kind) {
    case secagg::MessageKind::kAdvertiseKeys: {
      RADFED_ASSIGN_OR_RETURN(auto m, secagg::ParseAdvertiseKeys(bytes));
      RADFED_RETURN_IF_ERROR(from(m.header));
      handled = server_.HandleAdvertiseKeys(m);
      break;
    }
    case secagg::MessageKind::kShareKeys: {
      RADFED_ASSIGN_OR_RETURN(auto m, secagg::ParseShareKeys(bytes));
      RADFED_RETURN_IF_ERROR(from(m.header));
      handled = server_.HandleShareKeys(m);
      break;
    }
    case secagg::MessageKind::kMaskedInput: {
      RADFED_ASSIGN_OR_RETURN(auto m, secagg::ParseMaskedInput(bytes));
      RADFED_RETURN_IF_ERROR(from(m.header));
      handled = server_.HandleMaskedInput(m);
      break;
    }
    case secagg::MessageKind::kUnmaskingResponse: {
      RADFED_ASSIGN_OR_RETURN(auto m, secagg::ParseUnmaskingResponse(bytes));
      RADFED_RETURN_IF_ERROR(from(m.header));
      handled = server_.HandleUnmaskingResponse(m);
      break;
    }
    default:
      return Status::InvalidArgument(site + " sent a coordinator-to-site message kind");
  }
  RADFED_RETURN_IF_ERROR(handled);
  awaited_.erase(site);
  return Status::Ok();
}

nlohmann::json SecureAggregationRound::Transcript() const {
  const secagg::RoundAudit& audit = server_.audit();
  nlohmann::json steps = nlohmann::json::array();
  for (const secagg::StepAudit& s : audit.steps) {
    steps.push_back({{"step", std::string(secagg::StepName(s.step))}, {"participated", s.participated}, {"dropped", s.dropped}});
  }
  nlohmann::json inputs = nlohmann::json::array();
  for (const secagg::MaskedInputAudit& m : audit.masked_inputs) {
    inputs.push_back({{"site", m.site_id}, {"sha256", crypto::DigestHex(m.digest)}});
  }
  return {{"steps", steps}, {"masked_inputs", inputs}, {"contributors", audit.contributors}};
}

AggregationRound::Outcome SecureAggregationRound::CloseStep() {
  awaited_.clear();
  Status closed = server_.CloseStep();
  if (server_.state() == secagg::ServerState::kAborted || !closed.ok()) {
    if (server_.state() != secagg::ServerState::kAborted) server_.Abort(closed.message());
    return Outcome::kAborted;
  }
  if (server_.state() != secagg::ServerState::kDone) return Outcome::kNextStep;
  auto decoded = server_.DecodedSum();
  if (!decoded.ok()) {
    server_.Abort("the aggregate cannot be decoded: " + decoded.status().message());
    return Outcome::kAborted;
  }
  sum_ = std::move(*decoded);
  contributors_ = std::set<std::string>(server_.audit().contributors.begin(), server_.audit().contributors.end());
  return Outcome::kDone;
}

}  // namespace radfed::coordinator
