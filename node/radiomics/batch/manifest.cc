#include "node/radiomics/batch/manifest.h"

#include <map>

#include "node/cohort/csv_table.h"

namespace radfed::radiomics {

Result<std::vector<ManifestCase>> ReadManifest(const std::filesystem::path& path) {
  RADFED_ASSIGN_OR_RETURN(cohort::CsvTable table, cohort::CsvTable::ReadFile(path));
  size_t columns[4];
  const char* names[4] = {"case_id", "image", "mask", "roi"};
  for (int c = 0; c < 4; ++c) {
    const auto index = table.ColumnIndex(names[c]);
    if (!index) {
      return Status::InvalidArgument(path.string() + ": missing column '" + names[c] +
                                     "' (expected case_id,image,mask,roi)");
    }
    columns[c] = *index;
  }
  const std::filesystem::path base = path.parent_path();
  auto resolve = [&](const std::string& p) {
    const std::filesystem::path given(p);
    return given.is_absolute() ? given : base / given;
  };
  std::vector<ManifestCase> cases;
  std::map<std::string, size_t> seen;
  for (size_t row = 0; row < table.row_count(); ++row) {
    const std::string line = std::to_string(row + 2);
    ManifestCase c{table.cell(row, columns[0]), resolve(table.cell(row, columns[1])),
                   resolve(table.cell(row, columns[2])), table.cell(row, columns[3])};
    if (c.case_id.empty()) return Status::InvalidArgument(path.string() + ":" + line + ": empty case_id");
    if (table.cell(row, columns[1]).empty() || table.cell(row, columns[2]).empty()) {
      return Status::InvalidArgument(path.string() + ":" + line + ": case '" + c.case_id +
                                     "' needs both an image and a mask");
    }
    if (const auto [at, fresh] = seen.emplace(c.case_id, row + 2); !fresh) {
      return Status::InvalidArgument(path.string() + ":" + line + ": case '" + c.case_id +
                                     "' is already listed on line " + std::to_string(at->second));
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace radfed::radiomics
