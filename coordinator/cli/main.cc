// radfed: the consortium's command line — PKI, studies, audit.
#include <CLI/CLI.hpp>

#include "coordinator/cli/audit_command.h"
#include "coordinator/cli/pki_command.h"
#include "coordinator/cli/study_command.h"

int main(int argc, char** argv) {
  CLI::App app{"radfed: consortium PKI, federated studies and audit verification"};
  app.require_subcommand(1);
  radfed::cli::AddPkiCommand(app);
  radfed::cli::AddStudyCommand(app);
  radfed::cli::AddAuditCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
