// radfed: the consortium's command line — PKI, studies, audit, reports.
#include <CLI/CLI.hpp>

#include "coordinator/cli/audit_command.h"
#include "coordinator/cli/pki_command.h"
#include "coordinator/cli/report_command.h"
#include "coordinator/cli/study_command.h"

int main(int argc, char** argv) {
  CLI::App app{"radfed: consortium PKI, federated studies, audit verification and reports"};
  app.require_subcommand(1);
  radfed::cli::AddPkiCommand(app);
  radfed::cli::AddStudyCommand(app);
  radfed::cli::AddAuditCommand(app);
  radfed::cli::AddReportCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
