// `radfed-node extract` as a process: output to a file and to stdout, timings, and the errors a
// site's operator meets (each must name the file and the problem, exit 1, and leave no CSV).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "node/radiomics/feature_csv.h"
#include "tests/support/federation.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

const std::filesystem::path kIbsi = std::filesystem::path(RADFED_TEST_DATA_DIR) / "ibsi";
const std::string kPhantomImage =
    (kIbsi / "ibsi1_digital_phantom/nifti/image/phantom.nii.gz").string();
const std::string kPhantomMask = (kIbsi / "ibsi1_digital_phantom/nifti/mask/mask.nii.gz").string();
const std::string kCtMask = (kIbsi / "ibsi1_ct_phantom/nifti/mask/mask.nii.gz").string();
const std::filesystem::path kDcmqi =
    std::filesystem::path(RADFED_TEST_DATA_DIR) / "dicom/dcmqi_ct3slice_seg";

class ExtractCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ =
        std::filesystem::temp_directory_path() /
        ("radfed-extract-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1000000));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string Params(const std::string& yaml) {
    const auto path = dir_ / "params.yaml";
    std::ofstream(path) << yaml;
    return path.string();
  }

  RunResult Extract(const std::vector<std::string>& args) {
    std::vector<std::string> all{"extract"};
    all.insert(all.end(), args.begin(), args.end());
    return RunProgram(BinaryPath("radfed-node"), all);
  }

  std::filesystem::path dir_;
};

// GLCM in 3D on the digital phantom: 25 features for each of two aggregations.
const std::string kGlcm3D = "texture: {dimensions: [3D]}\nfamilies: [glcm]\n";

TEST_F(ExtractCommandTest, WritesTheSameTableToAFileAndToStdout) {
  const std::string params = Params(kGlcm3D);
  const auto csv = dir_ / "phantom.csv";
  const RunResult to_file = Extract({"--image", kPhantomImage, "--mask", kPhantomMask, "--params",
                                     params, "--out", csv.string()});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.output;
  EXPECT_EQ(to_file.output, "");
  const std::string table = ReadFile(csv);
  const RunResult to_stdout =
      Extract({"--image", kPhantomImage, "--mask", kPhantomMask, "--params", params, "--out", "-"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.output;
  EXPECT_EQ(to_stdout.output, table);

  auto rows = radiomics::ParseFeatureCsv(table, csv.string());
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 50u);
  // The case id defaults to the image's name without ".nii.gz".
  EXPECT_EQ((*rows)[0].case_id, "phantom");
  EXPECT_EQ((*rows)[0].feature.family, "Grey level co-occurrence based features");
  EXPECT_EQ((*rows)[0].feature.aggregation, "3D, averaged");
  EXPECT_NE(table.find(",\"3D, merged\","), std::string::npos) << "aggregations must be quoted";
  // No temporary file is left beside the table.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_),
                          std::filesystem::directory_iterator()),
            2);
}

// A FIFO (or a device) is written in place, never replaced by a renamed file; a symbolic link
// keeps pointing at the table it names.
TEST_F(ExtractCommandTest, SpecialFilesAndLinksAreWrittenInPlace) {
  const std::string params = Params(kGlcm3D);
  const auto fifo = dir_ / "table.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = ReadFile(fifo); });
  const RunResult run = Extract({"--image", kPhantomImage, "--mask", kPhantomMask, "--params",
                                 params, "--out", fifo.string()});
  // Should the command fail before opening the FIFO, a writer of our own releases the reader.
  const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
  if (writer >= 0) ::close(writer);
  reader.join();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(std::filesystem::is_fifo(fifo));
  EXPECT_EQ(received.substr(0, received.find('\n')),
            "case_id,family,feature,ibsi_id,aggregation,value");

  const auto table = dir_ / "table.csv";
  const auto link = dir_ / "latest.csv";
  std::ofstream(table) << "old\n";
  std::filesystem::create_symlink(table, link);
  const RunResult via_link = Extract({"--image", kPhantomImage, "--mask", kPhantomMask, "--params",
                                      params, "--out", link.string()});
  ASSERT_EQ(via_link.exit_code, 0) << via_link.output;
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(ReadFile(table), received);
}

TEST_F(ExtractCommandTest, CaseIdAndTimings) {
  const RunResult run =
      Extract({"--image", kPhantomImage, "--mask", kPhantomMask, "--params", Params(kGlcm3D),
               "--case-id", "site-a/17", "--out", (dir_ / "out.csv").string(), "--timings"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* step : {"preprocessing", "texture_input", "glcm", "total"}) {
    EXPECT_NE(run.output.find(step), std::string::npos) << step << " missing in\n" << run.output;
  }
  const std::string table = ReadFile(dir_ / "out.csv");
  EXPECT_EQ(table.find("site-a/17,Grey level co-occurrence based features,Joint maximum,GYBY,"),
            table.find('\n') + 1);
}

TEST_F(ExtractCommandTest, UnknownParameterNamesFileAndKey) {
  const std::string params = Params("families: [glcm]\nbin_width: 25\n");
  const auto csv = dir_ / "out.csv";
  const RunResult run = Extract({"--image", kPhantomImage, "--mask", kPhantomMask, "--params",
                                 params, "--out", csv.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("radfed-node extract: " + params + ": key 'bin_width': unknown key"),
            std::string::npos)
      << run.output;
  EXPECT_FALSE(std::filesystem::exists(csv));
}

TEST_F(ExtractCommandTest, MaskOnAnotherGridIsRefused) {
  const RunResult run = Extract({"--image", kPhantomImage, "--mask", kCtMask, "--params",
                                 Params(kGlcm3D), "--out", (dir_ / "out.csv").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("radfed-node extract: " + kCtMask + ": the mask's grid"),
            std::string::npos)
      << run.output;
}

TEST_F(ExtractCommandTest, EmptyRoiAfterResegmentationIsRefused) {
  // The phantom's grey levels are 1-6: nothing is left above 100.
  const auto csv = dir_ / "out.csv";
  std::ofstream(csv) << "previous table\n";
  const RunResult run =
      Extract({"--image", kPhantomImage, "--mask", kPhantomMask, "--params",
               Params("resegmentation: {min: 100}\n" + kGlcm3D), "--out", csv.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("radfed-node extract: " + kPhantomImage + " with " + kPhantomMask + ": "),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("empty"), std::string::npos) << run.output;
  // A failed run leaves an earlier table untouched.
  EXPECT_EQ(ReadFile(csv), "previous table\n");
}

TEST_F(ExtractCommandTest, UnreadableImageIsNamed) {
  const auto image = dir_ / "broken.nii";
  std::ofstream(image) << "not an image";
  const RunResult run = Extract({"--image", image.string(), "--mask", kPhantomMask, "--params",
                                 Params(kGlcm3D), "--out", "-"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("radfed-node extract: " + image.string() + ": "), std::string::npos)
      << run.output;

  const RunResult missing = Extract({"--image", (dir_ / "absent.nii.gz").string(), "--mask",
                                     kPhantomMask, "--params", Params(kGlcm3D), "--out", "-"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find((dir_ / "absent.nii.gz").string() + ": no such file or directory"),
            std::string::npos)
      << missing.output;
}

// A DICOM series directory with a SEG segment chosen by --roi gives the table of the same
// segment as a label map; a segment the SEG lacks is refused with the labels it has.
TEST_F(ExtractCommandTest, DicomSeriesWithSegSegment) {
  const std::string params = Params("families: [intensity_statistics]\n");
  const std::string ct = (kDcmqi / "ct").string();
  const RunResult seg = Extract({"--image", ct, "--mask", (kDcmqi / "liver.dcm").string(), "--roi",
                                 "Liver", "--params", params, "--case-id", "liver", "--out", "-"});
  ASSERT_EQ(seg.exit_code, 0) << seg.output;
  const RunResult nrrd = Extract({"--image", ct, "--mask", (kDcmqi / "liver_seg.nrrd").string(),
                                  "--params", params, "--case-id", "liver", "--out", "-"});
  ASSERT_EQ(nrrd.exit_code, 0) << nrrd.output;
  EXPECT_EQ(seg.output, nrrd.output);
  auto rows = radiomics::ParseFeatureCsv(seg.output, "stdout");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_GT(rows->size(), 10u);

  const RunResult unknown = Extract({"--image", ct, "--mask", (kDcmqi / "liver.dcm").string(),
                                     "--roi", "Spleen", "--params", params, "--out", "-"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("liver.dcm: no segment labelled or numbered 'Spleen'; available: "
                                "1 'Liver'"),
            std::string::npos)
      << unknown.output;
}

}  // namespace
}  // namespace radfed::testing
