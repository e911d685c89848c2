#include "node/radiomics/batch/batch_tables.h"

#include <sstream>

#include "common/io/file_writing.h"
#include "node/radiomics/feature_csv.h"

namespace radfed::radiomics {

std::filesystem::path ErrorsTablePath(const std::filesystem::path& out) {
  std::filesystem::path errors = out;
  errors += ".errors.csv";
  return errors;
}

Status WriteBatchTables(const std::filesystem::path& out, const std::vector<WideRow>& rows,
                        const std::vector<BatchFailure>& failures) {
  std::ostringstream wide;
  WriteWideTable(wide, rows);
  RADFED_RETURN_IF_ERROR(io::WriteFileAtomic(out, wide.str()));
  const auto errors = ErrorsTablePath(out);
  if (failures.empty()) {
    std::error_code ec;
    std::filesystem::remove(errors, ec);
    if (ec) return Status::IoError(errors.string() + ": cannot remove the errors of an earlier run: " + ec.message());
    return Status::Ok();
  }
  std::ostringstream text;
  text << "case_id,reason\n";
  for (const auto& f : failures) text << CsvField(f.output_id) << ',' << CsvField(f.reason) << '\n';
  return io::WriteFileAtomic(errors, text.str());
}

}  // namespace radfed::radiomics
