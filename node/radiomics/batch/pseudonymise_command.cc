#include "node/radiomics/batch/pseudonymise_command.h"

#include <iostream>
#include <memory>
#include <sstream>

#include "common/io/file_writing.h"
#include "node/cohort/csv_table.h"
#include "node/radiomics/batch/pseudonym.h"
#include "node/radiomics/feature_csv.h"

namespace radfed::radiomics {
namespace {

struct PseudonymiseOptions {
  std::string table;
  std::string column;
  std::string out;
  std::string pseudonym_key;
};

Status RunPseudonymise(const PseudonymiseOptions& o) {
  RADFED_ASSIGN_OR_RETURN(cohort::CsvTable table, cohort::CsvTable::ReadFile(o.table));
  const auto key_column = table.ColumnIndex(o.column);
  if (!key_column) return Status::NotFound(o.table + ": no column '" + o.column + "'");
  const std::filesystem::path out(o.out);
  const std::filesystem::path key =
      o.pseudonym_key.empty() ? (out.has_parent_path() ? out.parent_path() : std::filesystem::path(".")) / "pseudonym.key"
                              : std::filesystem::path(o.pseudonym_key);
  RADFED_ASSIGN_OR_RETURN(Pseudonymizer pseudonymizer, Pseudonymizer::Load(key));
  std::ostringstream text;
  const auto& names = table.column_names();
  for (size_t c = 0; c < names.size(); ++c) text << (c ? "," : "") << CsvField(names[c]);
  text << '\n';
  for (size_t r = 0; r < table.row_count(); ++r) {
    for (size_t c = 0; c < names.size(); ++c) {
      std::string cell = table.cell(r, c);
      if (c == *key_column) {
        // Every empty id would get one shared pseudonym and join as one patient.
        if (cell.empty()) {
          return Status::InvalidArgument(o.table + ": row " + std::to_string(r + 1) + " has no '" + o.column + "'");
        }
        RADFED_ASSIGN_OR_RETURN(cell, pseudonymizer.Pseudonym(cell));
      }
      text << (c ? "," : "") << CsvField(cell);
    }
    text << '\n';
  }
  return io::WriteFileAtomic(out, text.str());
}

}  // namespace

void AddPseudonymiseCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("pseudonymise", "Replace a table's key column by the site's case-id pseudonyms");
  auto o = std::make_shared<PseudonymiseOptions>();
  cmd->add_option("--table", o->table, "CSV table")->required();
  cmd->add_option("--column", o->column, "the key column to pseudonymise")->required();
  cmd->add_option("--out", o->out, "where to write the pseudonymised table")->required();
  cmd->add_option("--pseudonym-key", o->pseudonym_key,
                  "the site key extract-batch created (default: pseudonym.key beside --out)");
  cmd->callback([o] {
    const Status done = RunPseudonymise(*o);
    if (!done.ok()) {
      std::cerr << "radfed-node pseudonymise: " << done.message() << "\n";
      std::exit(1);
    }
    std::exit(0);
  });
}

}  // namespace radfed::radiomics
