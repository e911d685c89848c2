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

std::filesystem::path PartsDirectory(const std::filesystem::path& out) {
  std::filesystem::path parts = out;
  parts += ".parts";
  return parts;
}

std::filesystem::path ParamsFingerprintPath(const std::filesystem::path& out) {
  return PartsDirectory(out) / "params.sha256";
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

Status WriteLongTable(const std::filesystem::path& path, const std::vector<CaseFeatures>& cases) {
  std::ostringstream text;
  text << kFeatureCsvHeader << '\n';
  for (const auto& c : cases) {
    std::ostringstream rows;
    WriteFeatureCsv(rows, c.case_id, c.features);
    const std::string part = rows.str();
    text << part.substr(part.find('\n') + 1);  // without the repeated header
  }
  return io::WriteFileAtomic(path, text.str());
}

}  // namespace radfed::radiomics
