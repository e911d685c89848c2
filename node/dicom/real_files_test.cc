// Every reader against every real file in tests/data/dicom: whatever a PACS export holds, a
// reader answers with a value or a Status naming the file, and never crashes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include "node/dicom/dicom_series_reader.h"
#include "node/dicom/rtstruct_reader.h"
#include "node/dicom/seg_reader.h"
#include "node/imaging/nifti_reader.h"
#include "node/imaging/nrrd_reader.h"
#include "node/imaging/standard_readers.h"

namespace radfed::dicom {
namespace {

namespace fs = std::filesystem;

const std::string kDicom = std::string(RADFED_TEST_DATA_DIR) + "/dicom";

std::vector<fs::path> FilesAndDirectories() {
  std::vector<fs::path> paths{kDicom};
  for (const auto& entry : fs::recursive_directory_iterator(kDicom)) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<std::unique_ptr<imaging::VolumeReader>> EveryReader() {
  std::vector<std::unique_ptr<imaging::VolumeReader>> readers;
  readers.push_back(std::make_unique<imaging::NiftiReader>());
  readers.push_back(std::make_unique<imaging::NrrdReader>());
  readers.push_back(std::make_unique<RtStructReader>());
  readers.push_back(std::make_unique<SegReader>());
  readers.push_back(std::make_unique<DicomSeriesReader>());
  return readers;
}

// A failure must say which file it is about.
void ExpectNamesPath(const Status& status, const fs::path& path) {
  if (status.ok()) return;
  EXPECT_NE(status.message().find(path.filename().string()), std::string::npos)
      << status.ToString();
}

TEST(RealFilesTest, EveryReaderAnswersEveryFileWithAStatus) {
  auto ct = ReadDicomSeries(kDicom + "/dcmqi_ct3slice_seg/ct");
  ASSERT_TRUE(ct.ok()) << ct.status().ToString();
  imaging::Grid tiny;
  tiny.size = {2, 2, 1};
  const std::vector<imaging::Grid> grids{ct->image.grid, tiny};
  const auto readers = EveryReader();
  const imaging::ReaderSet standard = imaging::StandardReaders();
  size_t calls = 0;
  for (const fs::path& path : FilesAndDirectories()) {
    SCOPED_TRACE(path.string());
    for (const auto& reader : readers) {
      SCOPED_TRACE(std::string(reader->name()));
      reader->CanRead(path);
      ExpectNamesPath(reader->ReadImage(path).status(), path);
      for (const imaging::Grid& grid : grids) {
        for (const char* roi : {"", "1", "no such roi"}) {
          ExpectNamesPath(reader->ReadMask(path, roi, grid).status(), path);
          ++calls;
        }
      }
    }
    ExpectNamesPath(standard.ReadImage(path).status(), path);
    ExpectNamesPath(standard.ReadMask(path, "", grids.front()).status(), path);
  }
  EXPECT_GT(calls, 500u);
}

}  // namespace
}  // namespace radfed::dicom
