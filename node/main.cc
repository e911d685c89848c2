// radfed-node: the hospital's side of radfed.
#include <CLI/CLI.hpp>

#include "node/agent/explain_command.h"
#include "node/agent/serve_command.h"
#include "node/radiomics/batch/extract_batch_command.h"
#include "node/radiomics/batch/merge_features_command.h"
#include "node/radiomics/batch/pseudonymise_command.h"
#include "node/radiomics/extract_command.h"
#include "node/synthetic/synthesize_command.h"

int main(int argc, char** argv) {
  CLI::App app{"radfed-node: site agent and local radiomics for federated studies"};
  app.require_subcommand(1);
  radfed::node::AddServeCommand(app);
  radfed::node::AddExplainCommand(app);
  radfed::radiomics::AddExtractCommand(app);
  radfed::radiomics::AddExtractBatchCommand(app);
  radfed::radiomics::AddMergeFeaturesCommand(app);
  radfed::radiomics::AddPseudonymiseCommand(app);
  radfed::synthetic::AddSynthesizeCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
