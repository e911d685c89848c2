// IBSI 1 conformance of the real `radfed-node extract`: the digital phantom with its settings and
// the CT phantom with configurations A, B and C, in its NIfTI form (image and mask volumes) and in
// its DICOM form (CT series directory and RTSTRUCT), every reference value compared.
//
// Each run also leaves a markdown table (feature, IBSI id, aggregation, reference, ours,
// tolerance, inside?) in <build>/ibsi-conformance/<label>.md; scripts/ibsi-conformance-doc.sh
// turns those tables into docs/ibsi-conformance.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "node/radiomics/feature_csv.h"
#include "node/radiomics/testing/ibsi_reference.h"
#include "tests/support/federation.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

using radiomics::FeatureValue;
using radiomics::testing::ReferenceRow;

const std::filesystem::path kData = RADFED_TEST_DATA_DIR;
const std::filesystem::path kSource = RADFED_SOURCE_DIR;

struct Dataset {
  std::string name;   // as in the `dataset` column of the reference tables
  std::string label;  // names the test and its table: `name`, with "_dicom" for the DICOM form
  std::string image;  // under tests/data/ibsi
  std::string mask;
  std::string roi;     // --roi: the RTSTRUCT's ROI; empty for mask volumes
  std::string config;  // under configs/ibsi
};

std::ostream& operator<<(std::ostream& out, const Dataset& d) { return out << d.label; }

const Dataset kDigitalPhantom{"digital_phantom",
                              "digital_phantom",
                              "ibsi1_digital_phantom/nifti/image/phantom.nii.gz",
                              "ibsi1_digital_phantom/nifti/mask/mask.nii.gz",
                              "",
                              "digital_phantom.yaml"};
Dataset CtPhantom(const std::string& config) {
  return {config,
          config,
          "ibsi1_ct_phantom/nifti/image/phantom.nii.gz",
          "ibsi1_ct_phantom/nifti/mask/mask.nii.gz",
          "",
          config + ".yaml"};
}
Dataset CtPhantomDicom(const std::string& config) {
  return {config,
          config + "_dicom",
          "ibsi1_ct_phantom/dicom/image",
          "ibsi1_ct_phantom/dicom/mask/DCM_RS_00060.dcm",
          "GTV-1",
          config + ".yaml"};
}

// Every feature family `radfed-node extract` computes, as parameter-file keys with their family
// names in the reference tables.
const std::vector<std::pair<std::string, std::string>> kFamilies = {
    {"morphology", "Morphological features"},
    {"local_intensity", "Local intensity features"},
    {"intensity_statistics", "Intensity-based statistical features"},
    {"intensity_histogram", "Intensity histogram features"},
    {"intensity_volume_histogram", "Intensity-volume histogram features"},
    {"glcm", "Grey level co-occurrence based features"},
    {"glrlm", "Grey level run length based features"},
    {"glszm", "Grey level size zone based features"},
    {"gldzm", "Grey level distance zone based features"},
    {"ngtdm", "Neighbourhood grey tone difference based features"},
    {"ngldm", "Neighbouring grey level dependence based features"},
};

std::string FamilyKeys() {
  std::string keys;
  for (const auto& family : kFamilies) keys += (keys.empty() ? "" : ", ") + family.first;
  return keys;
}

bool Compared(const ReferenceRow& row) {
  return std::any_of(kFamilies.begin(), kFamilies.end(),
                     [&](const auto& family) { return family.second == row.family; });
}

// IBSI publishes values to 3 significant digits (the digital phantom with tolerance 0), so a
// value that rounds to the reference matches even where the stated tolerance is smaller.
double AllowedError(const ReferenceRow& row) {
  const double rounding =
      row.value == 0 ? 0 : 0.5 * std::pow(10.0, std::floor(std::log10(std::abs(row.value))) - 2);
  return std::max(row.tolerance, rounding) * (1 + 1e-12) + 1e-12;
}

std::string Number(double value) { return radiomics::FormatFeatureValue(value); }

// Ours to 6 significant digits: enough to compare with 3-digit references, short enough to read.
std::string Short(double value) {
  if (!std::isfinite(value)) return radiomics::FormatFeatureValue(value);
  std::ostringstream out;
  out.precision(6);
  out << value;
  return out.str();
}

class IbsiConformanceTest : public ::testing::TestWithParam<Dataset> {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("radfed-ibsi-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1000000));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // The dataset's configuration restricted to kFamilies.
  std::filesystem::path ParamsFile(const Dataset& d) {
    std::string text = ReadFile(kSource / "configs/ibsi" / d.config) + "\nfamilies: [";
    for (size_t i = 0; i < kFamilies.size(); ++i) text += (i ? ", " : "") + kFamilies[i].first;
    const auto path = dir_ / d.config;
    std::ofstream(path) << text << "]\n";
    return path;
  }

  std::filesystem::path dir_;
};

TEST_P(IbsiConformanceTest, EveryReferenceValueInsideTolerance) {
  const Dataset& d = GetParam();
  const auto csv = dir_ / (d.label + ".csv");
  const std::string params = ParamsFile(d).string();
  std::vector<std::string> args = {"extract", "--image", (kData / "ibsi" / d.image).string()};
  args.insert(args.end(), {"--mask", (kData / "ibsi" / d.mask).string(), "--params", params});
  args.insert(args.end(), {"--case-id", d.name, "--out", csv.string()});
  if (!d.roi.empty()) args.insert(args.end(), {"--roi", d.roi});
  const RunResult run = RunProgram(BinaryPath("radfed-node"), args);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto parsed = radiomics::ParseFeatureCsv(ReadFile(csv), csv.string());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  std::map<std::tuple<std::string, std::string, std::string>, const FeatureValue*> ours;
  for (const auto& row : *parsed) {
    EXPECT_EQ(row.case_id, d.name);
    const FeatureValue& f = row.feature;
    EXPECT_TRUE(ours.emplace(std::tuple{f.family, f.feature, f.aggregation}, &f).second)
        << "duplicate row " << f.family << " / " << f.feature << " [" << f.aggregation << "]";
  }

  // One table per family: families share feature names ("Small zone emphasis", ...).
  std::ostringstream table;
  std::string family;
  std::string failures;
  int checked = 0;
  int inside = 0;
  for (const ReferenceRow& row : radiomics::testing::ReferenceRows()) {
    if (row.dataset != d.name || !row.has_value || !Compared(row)) continue;
    ++checked;
    if (row.family != family) {
      family = row.family;
      table << "\n### " << family << "\n\n"
            << "| feature | IBSI id | aggregation | reference | ours | tolerance | inside? |\n"
            << "| --- | --- | --- | ---: | ---: | ---: | --- |\n";
    }
    const auto it = ours.find({row.family, row.feature, row.aggregation});
    const FeatureValue* f = it == ours.end() ? nullptr : it->second;
    const bool ok =
        f && f->ibsi_id == row.ibsi_id && std::abs(f->value - row.value) <= AllowedError(row);
    inside += ok;
    table << "| " << row.feature << " | " << row.ibsi_id << " | " << row.aggregation << " | "
          << Number(row.value) << " | " << (f ? Short(f->value) : "missing") << " | "
          << Short(row.tolerance) << " | " << (ok ? "yes" : "**no**") << " |\n";
    if (!ok) {
      failures +=
          "\n  " + row.family + " / " + row.feature + " [" + row.aggregation + "] (" + row.ibsi_id +
          "): reference " + Number(row.value) + " +- " + Number(row.tolerance) + ", ours " +
          (f ? Number(f->value) + (f->ibsi_id == row.ibsi_id ? "" : " with id " + f->ibsi_id)
             : "missing");
    }
  }
  EXPECT_GT(checked, 0);

  const auto report_dir = std::filesystem::path(RADFED_BINARY_DIR) / "ibsi-conformance";
  std::filesystem::create_directories(report_dir);
  std::ofstream(report_dir / (d.label + ".md"))
      << "## " << d.label << " (`configs/ibsi/" << d.config << "`"
      << (d.roi.empty() ? "" : ", DICOM series and RTSTRUCT ROI " + d.roi) << ")\n\n"
      << inside << " of " << checked << " reference values inside tolerance.\n\n"
      << "Families compared: " << FamilyKeys() << ".\n"
      << table.str();
  EXPECT_EQ(inside, checked) << d.label << ": " << checked - inside << " of " << checked
                             << " reference values outside tolerance or missing:" << failures;
}

INSTANTIATE_TEST_SUITE_P(Ibsi, IbsiConformanceTest,
                         ::testing::Values(kDigitalPhantom, CtPhantom("config_A"),
                                           CtPhantom("config_B"), CtPhantom("config_C"),
                                           CtPhantomDicom("config_A"), CtPhantomDicom("config_B"),
                                           CtPhantomDicom("config_C")),
                         [](const auto& param_info) { return param_info.param.label; });

}  // namespace
}  // namespace radfed::testing
