#include "common/secagg/testing/round_simulator.h"

#include <utility>

namespace radfed::secagg::testing {
namespace {

// Sends a message across the "network": serialise, then parse on the other side.
template <typename Message, typename Parser>
Result<Message> Transmit(const Message& message, Parser parse, uint64_t* bytes) {
  crypto::Bytes wire = Serialize(message);
  if (bytes != nullptr) *bytes += wire.size();
  return parse(wire);
}

}  // namespace

Result<std::unique_ptr<RoundSimulator>> RoundSimulator::Create(const RoundConfig& config,
                                                               InputProvider inputs) {
  std::unique_ptr<RoundSimulator> sim(new RoundSimulator());
  RADFED_ASSIGN_OR_RETURN(RoundParameters params, RoundParameters::Create(config));
  sim->params_ = std::make_unique<RoundParameters>(std::move(params));
  RADFED_ASSIGN_OR_RETURN(sim->pki_, TestPki::Create(config.sites));
  RADFED_ASSIGN_OR_RETURN(SecAggServer server,
                          SecAggServer::Create(*sim->params_, sim->pki_.get()));
  sim->server_ = std::make_unique<SecAggServer>(std::move(server));
  for (const std::string& site : config.sites) {
    RADFED_ASSIGN_OR_RETURN(
        SecAggClient client,
        SecAggClient::Create(*sim->params_, site, sim->pki_->SignerFor(site), sim->pki_.get()));
    sim->clients_.emplace(site, std::move(client));
    sim->bytes_sent_[site] = 0;
  }
  sim->inputs_ = std::move(inputs);
  return sim;
}

uint64_t RoundSimulator::bytes_sent(const std::string& site_id) const {
  return bytes_sent_.at(site_id);
}

Status RoundSimulator::RunStep(Step step, const std::set<std::string>& silent) {
  RADFED_RETURN_IF_ERROR(DeliverStep(step, silent));
  return server_->CloseStep();
}

Status RoundSimulator::DeliverStep(Step step, const std::set<std::string>& silent) {
  std::vector<std::string> sites =
      step == Step::kAdvertiseKeys ? params_->config().sites : server_->Recipients();
  for (const std::string& site : sites) {
    if (silent.count(site) != 0) continue;
    SecAggClient& c = clients_.at(site);
    uint64_t* bytes = &bytes_sent_[site];
    switch (step) {
      case Step::kAdvertiseKeys: {
        RADFED_ASSIGN_OR_RETURN(AdvertiseKeysMessage out, c.AdvertiseKeys());
        RADFED_ASSIGN_OR_RETURN(AdvertiseKeysMessage in, Transmit(out, ParseAdvertiseKeys, bytes));
        RADFED_RETURN_IF_ERROR(server_->HandleAdvertiseKeys(in));
        break;
      }
      case Step::kShareKeys: {
        RADFED_ASSIGN_OR_RETURN(KeyDirectoryMessage directory, server_->KeyDirectoryFor(site));
        RADFED_ASSIGN_OR_RETURN(KeyDirectoryMessage received,
                                Transmit(directory, ParseKeyDirectory, nullptr));
        RADFED_ASSIGN_OR_RETURN(ShareKeysMessage out, c.HandleKeyDirectory(received));
        RADFED_ASSIGN_OR_RETURN(ShareKeysMessage in, Transmit(out, ParseShareKeys, bytes));
        RADFED_RETURN_IF_ERROR(server_->HandleShareKeys(in));
        break;
      }
      case Step::kMaskedInput: {
        RADFED_ASSIGN_OR_RETURN(ShareRelayMessage relay, server_->ShareRelayFor(site));
        RADFED_ASSIGN_OR_RETURN(ShareRelayMessage received,
                                Transmit(relay, ParseShareRelay, nullptr));
        std::optional<uint32_t> index = params_->IndexOf(site);
        RADFED_RETURN_IF_ERROR(c.SetInput(inputs_(*index)));
        RADFED_ASSIGN_OR_RETURN(MaskedInputMessage out, c.HandleShareRelay(received));
        RADFED_ASSIGN_OR_RETURN(MaskedInputMessage in, Transmit(out, ParseMaskedInput, bytes));
        RADFED_RETURN_IF_ERROR(server_->HandleMaskedInput(in));
        break;
      }
      case Step::kUnmasking: {
        RADFED_ASSIGN_OR_RETURN(UnmaskingRequestMessage request,
                                server_->UnmaskingRequestFor(site));
        RADFED_ASSIGN_OR_RETURN(UnmaskingRequestMessage received,
                                Transmit(request, ParseUnmaskingRequest, nullptr));
        RADFED_ASSIGN_OR_RETURN(UnmaskingResponseMessage out, c.HandleUnmaskingRequest(received));
        RADFED_ASSIGN_OR_RETURN(UnmaskingResponseMessage in,
                                Transmit(out, ParseUnmaskingResponse, bytes));
        RADFED_RETURN_IF_ERROR(server_->HandleUnmaskingResponse(in));
        break;
      }
    }
  }
  return Status::Ok();
}

Status RoundSimulator::RunRound(const std::vector<std::set<std::string>>& silent) {
  for (Step step : {Step::kAdvertiseKeys, Step::kShareKeys, Step::kMaskedInput, Step::kUnmasking}) {
    size_t k = static_cast<size_t>(step) - 1;
    RADFED_RETURN_IF_ERROR(RunStep(step, k < silent.size() ? silent[k] : std::set<std::string>{}));
  }
  return Status::Ok();
}

}  // namespace radfed::secagg::testing
