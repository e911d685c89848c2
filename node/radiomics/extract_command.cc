#include "node/radiomics/extract_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>

#include "node/imaging/standard_readers.h"
#include "node/radiomics/extraction_params.h"
#include "node/radiomics/feature_csv.h"
#include "node/radiomics/feature_extractor.h"

namespace radfed::radiomics {
namespace {

struct ExtractOptions {
  std::string image;
  std::string mask;
  std::string roi;
  std::string params;
  std::string case_id;
  std::string out;
  bool timings = false;
};

// The image's file name without its extension (".nii.gz" counts as one), or a directory's name.
std::string DefaultCaseId(const std::filesystem::path& image) {
  std::filesystem::path name = image.filename();
  if (name.empty()) name = image.parent_path().filename();
  if (name.extension() == ".gz") name = name.stem();
  return name.stem().string();
}

// Writes `text` to `path` through a temporary file beside it, so readers never see a partial
// table and a failed run leaves any previous table in place. Paths that exist but are not
// regular files (a FIFO, /dev/stdout, a device) are written directly: renaming over them would
// replace the special file itself. A symbolic link keeps pointing at the table it names.
Status WriteTable(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;  // a path that does not exist yet reports not_found here: that is fine
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    file.flush();
    return file ? Status::Ok() : Status::IoError(path.string() + ": write failed");
  }
  std::filesystem::path target = path;
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(path, ec))) {
    target = std::filesystem::weakly_canonical(path, ec);
    if (ec) return Status::IoError(path.string() + ": " + ec.message());
  }
  std::filesystem::path temp = target;
  temp += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) return Status::IoError(path.string() + ": cannot create " + temp.string());
    file << text;
    file.flush();
    if (!file) {
      file.close();
      std::filesystem::remove(temp, ec);
      return Status::IoError(path.string() + ": write failed");
    }
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(temp, ec);
    return Status::IoError(path.string() + ": cannot replace the file: " + why);
  }
  return Status::Ok();
}

void PrintTimings(const Extraction& extraction) {
  double total = 0;
  std::fprintf(stderr, "%-28s %10s\n", "step", "ms");
  for (const StepTiming& t : extraction.timings) {
    std::fprintf(stderr, "%-28s %10.3f\n", t.step.c_str(), t.milliseconds);
    total += t.milliseconds;
  }
  std::fprintf(stderr, "%-28s %10.3f\n", "total", total);
}

Status RunExtract(const ExtractOptions& o) {
  RADFED_ASSIGN_OR_RETURN(const ExtractionParams params, LoadExtractionParams(o.params));
  const imaging::ReaderSet readers = imaging::StandardReaders();
  RADFED_ASSIGN_OR_RETURN(const imaging::Image image, readers.ReadImage(o.image));
  RADFED_ASSIGN_OR_RETURN(const imaging::Mask mask, readers.ReadMask(o.mask, o.roi, image.grid));
  auto extraction = ExtractFeatures(image, mask, params);
  // Either input may be at fault (non-finite intensities are the image's, an empty ROI the mask's).
  if (!extraction.ok()) return extraction.status().WithContext(o.image + " with " + o.mask);

  std::ostringstream csv;
  WriteFeatureCsv(csv, o.case_id.empty() ? DefaultCaseId(o.image) : o.case_id,
                  extraction->features);
  if (o.out == "-") {
    std::cout << csv.str() << std::flush;
    if (!std::cout) return Status::IoError("standard output: write failed");
  } else {
    RADFED_RETURN_IF_ERROR(WriteTable(o.out, csv.str()));
  }
  if (o.timings) PrintTimings(*extraction);
  return Status::Ok();
}

}  // namespace

void AddExtractCommand(CLI::App& app) {
  auto* extract = app.add_subcommand("extract", "Compute the IBSI radiomic features of one case");
  auto o = std::make_shared<ExtractOptions>();
  extract->add_option("--image", o->image, "image (NIfTI, NRRD or DICOM)")->required();
  extract->add_option("--mask", o->mask, "region of interest on the image's grid")->required();
  extract->add_option("--roi", o->roi, "ROI name (RTSTRUCT), segment (SEG) or label value");
  extract->add_option("--params", o->params, "extraction parameter file (YAML)")->required();
  extract->add_option("--case-id", o->case_id, "first column of every row (default: image name)");
  extract->add_option("--out", o->out, "CSV file to write, or - for standard output")->required();
  extract->add_flag("--timings", o->timings, "print per-step times in ms to standard error");
  extract->callback([o] {
    const Status status = RunExtract(*o);
    if (!status.ok()) std::cerr << "radfed-node extract: " << status.message() << "\n";
    std::exit(status.ok() ? 0 : 1);
  });
}

}  // namespace radfed::radiomics
