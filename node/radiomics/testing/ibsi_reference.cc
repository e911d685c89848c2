#include "node/radiomics/testing/ibsi_reference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include "node/imaging/standard_readers.h"

namespace radfed::radiomics::testing {
namespace {

const std::string kIbsiDir = std::string(RADFED_TEST_DATA_DIR) + "/ibsi/";

// Splits one line of the reference CSVs. Aggregations such as "2D, averaged" are quoted because
// they hold a comma; no field holds a quote character.
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

void AppendRows(const std::string& path, std::vector<ReferenceRow>& rows) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);  // dataset,family,feature,ibsi_id,aggregation,value,tolerance,consensus
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto f = SplitCsvLine(line);
    if (f.size() < 7) continue;
    ReferenceRow row{f[0], f[1], f[2], f[3], f[4]};
    if (!f[5].empty()) {
      row.has_value = true;
      row.value = std::stod(f[5]);
      row.tolerance = f[6].empty() ? 0 : std::stod(f[6]);
    }
    rows.push_back(std::move(row));
  }
}

// IBSI publishes reference values to 3 significant digits, with tolerance 0 for the digital
// phantom: a computed value matches when it rounds to the reference, i.e. lies within half a unit
// of the third significant digit.
double RoundingHalfWidth(double reference) {
  if (reference == 0) return 0;
  return 0.5 * std::pow(10.0, std::floor(std::log10(std::abs(reference))) - 2);
}

}  // namespace

const std::vector<ReferenceRow>& ReferenceRows() {
  static const std::vector<ReferenceRow> rows = [] {
    std::vector<ReferenceRow> r;
    AppendRows(kIbsiDir + "ibsi1_reference_values_digital_phantom.csv", r);
    AppendRows(kIbsiDir + "ibsi1_reference_values_ct_phantom_configs_A-C.csv", r);
    return r;
  }();
  return rows;
}

int ExpectMatchesReferences(const FeatureList& computed, std::string_view dataset,
                            std::string_view family) {
  int checked = 0;
  for (const auto& row : ReferenceRows()) {
    if (row.dataset != dataset || !row.family.starts_with(family) || !row.has_value) continue;
    ++checked;
    const auto it = std::find_if(computed.begin(), computed.end(), [&](const FeatureValue& v) {
      return v.family == row.family && v.feature == row.feature && v.aggregation == row.aggregation;
    });
    if (it == computed.end()) {
      ADD_FAILURE() << dataset << ": missing " << row.family << " / " << row.feature << " ["
                    << row.aggregation << "] (" << row.ibsi_id << ")";
      continue;
    }
    EXPECT_EQ(it->ibsi_id, row.ibsi_id) << row.feature;
    const double error = std::abs(it->value - row.value);
    EXPECT_TRUE(error <=
                std::max(row.tolerance, RoundingHalfWidth(row.value)) * (1 + 1e-12) + 1e-12)
        << dataset << ": " << row.feature << " [" << row.aggregation << "] (" << row.ibsi_id
        << "): computed " << it->value << ", reference " << row.value << " +- " << row.tolerance;
  }
  return checked;
}

ProcessedRoi DigitalPhantomRoi() {
  const auto readers = imaging::StandardReaders();
  const std::string dir = kIbsiDir + "ibsi1_digital_phantom/nifti/";
  auto image = readers.ReadImage(dir + "image/phantom.nii.gz");
  if (!image.ok()) throw std::runtime_error(image.status().ToString());
  auto mask = readers.ReadMask(dir + "mask/mask.nii.gz", "", image->grid);
  if (!mask.ok()) throw std::runtime_error(mask.status().ToString());

  ProcessedRoi roi;
  roi.size = image->grid.size;
  roi.spacing = image->grid.spacing;
  roi.intensity = image->voxels;
  roi.morphological = mask->voxels;
  roi.intensity_mask = mask->voxels;
  const size_t n = roi.intensity.size();
  roi.texture.levels.assign(n, 0);
  for (size_t v = 0; v < n; ++v) {
    if (!roi.intensity_mask[v]) continue;
    const auto level = static_cast<int32_t>(std::lround(roi.intensity[v]));
    roi.texture.levels[v] = level;
    roi.texture.num_levels = std::max(roi.texture.num_levels, level);
    roi.ivh.values.push_back(roi.intensity[v]);
  }
  roi.histogram = roi.texture;
  roi.ivh.lowest = *std::min_element(roi.ivh.values.begin(), roi.ivh.values.end());
  roi.ivh.highest = *std::max_element(roi.ivh.values.begin(), roi.ivh.values.end());
  roi.ivh.step = 1;
  return roi;
}

const CtPhantom& LoadCtPhantom() {
  static const CtPhantom phantom = [] {
    const std::string dir = std::string(RADFED_TEST_DATA_DIR) + "/ibsi/ibsi1_ct_phantom/nifti/";
    const auto readers = imaging::StandardReaders();
    auto image = readers.ReadImage(dir + "image/phantom.nii.gz");
    if (!image.ok()) throw std::runtime_error(image.status().ToString());
    auto mask = readers.ReadMask(dir + "mask/mask.nii.gz", "", image->grid);
    if (!mask.ok()) throw std::runtime_error(mask.status().ToString());
    return CtPhantom{*std::move(image), *std::move(mask)};
  }();
  return phantom;
}

ExtractionParams IbsiCtConfig(char letter) {
  auto params = LoadExtractionParams(std::string(RADFED_CONFIG_DIR) + "/ibsi/config_" + letter + ".yaml");
  if (!params.ok()) throw std::runtime_error(params.status().ToString());
  return *std::move(params);
}

}  // namespace radfed::radiomics::testing
