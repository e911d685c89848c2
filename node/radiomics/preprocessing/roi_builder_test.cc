#include "node/radiomics/preprocessing/roi_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "node/imaging/standard_readers.h"

namespace radfed::radiomics {
namespace {

using imaging::Grid;
using imaging::Image;
using imaging::Mask;

// A 20x20x10 image (1 x 1 x 2 mm) whose intensity is the voxel's i index, and a 3x3x2 mask cube
// at i, j in [8, 10], k in [4, 5].
struct Phantom {
  Image image;
  Mask mask;
};

Phantom SmallPhantom() {
  Grid grid;
  grid.size = {20, 20, 10};
  grid.spacing = {1, 1, 2};
  Phantom p{Image(grid), Mask(grid)};
  for (int64_t k = 0; k < 10; ++k)
    for (int64_t j = 0; j < 20; ++j)
      for (int64_t i = 0; i < 20; ++i) {
        p.image.at(i, j, k) = static_cast<float>(i) + 0.3f;
        p.mask.at(i, j, k) = (i >= 8 && i <= 10 && j >= 8 && j <= 10 && k >= 4 && k <= 5) ? 1 : 0;
      }
  return p;
}

TEST(BuildProcessedRoiTest, CropsToTheMaskGrownByTheLocalIntensityReach) {
  const Phantom p = SmallPhantom();
  ExtractionParams params;
  params.round_input_intensities = true;
  params.texture = {DiscretisationMethod::kFixedBinSize, 1, 0};
  params.histogram = {DiscretisationMethod::kFixedBinNumber, 0, 3};
  params.families = {FeatureFamily::kNgtdm, FeatureFamily::kIntensityHistogram,
                     FeatureFamily::kIntensityVolumeHistogram};
  auto roi = BuildProcessedRoi(p.image, p.mask, params);
  ASSERT_TRUE(roi.ok()) << roi.status().ToString();
  // ceil(6.3 / 1) = 7 in-plane, ceil(6.3 / 2) = 4 across slices: i in [1, 17], k in [0, 9].
  EXPECT_EQ(roi->margin, (imaging::Index3{7, 7, 4}));
  EXPECT_EQ(roi->size, (imaging::Index3{17, 17, 10}));
  EXPECT_EQ(roi->spacing, (imaging::Vec3{1, 1, 2}));
  ASSERT_EQ(roi->intensity.size(), 17u * 17u * 10u);
  EXPECT_EQ(roi->intensity[static_cast<size_t>(roi->Offset(0, 0, 0))], 1.0f);    // i = 1, rounded
  EXPECT_EQ(roi->intensity[static_cast<size_t>(roi->Offset(16, 0, 0))], 17.0f);  // i = 17
  int inside = 0;
  for (uint8_t m : roi->morphological) inside += m;
  EXPECT_EQ(inside, 18);
  EXPECT_EQ(roi->morphological[static_cast<size_t>(roi->Offset(7, 7, 4))], 1);
  EXPECT_EQ(roi->morphological[static_cast<size_t>(roi->Offset(6, 7, 4))], 0);
  EXPECT_EQ(roi->intensity_mask, roi->morphological);
  // Fixed bin size 1 from the ROI minimum 8: levels 1..3 by column; fixed bin number 3 the same.
  EXPECT_EQ(roi->texture.num_levels, 3);
  EXPECT_EQ(roi->texture.levels[static_cast<size_t>(roi->Offset(9, 8, 5))], 3);
  EXPECT_EQ(roi->histogram.levels, roi->texture.levels);
  // The IVH of integer data without discretisation: raw values over the ROI range, step 1.
  EXPECT_EQ(roi->ivh.values.size(), 18u);
  EXPECT_EQ(roi->ivh.lowest, 8);
  EXPECT_EQ(roi->ivh.highest, 10);
}

TEST(BuildProcessedRoiTest, ClipsTheBoxAtTheImageFaces) {
  Phantom p = SmallPhantom();
  std::fill(p.mask.voxels.begin(), p.mask.voxels.end(), 0);
  p.mask.at(0, 19, 9) = 1;
  auto roi = BuildProcessedRoi(p.image, p.mask, ExtractionParams{});
  ASSERT_TRUE(roi.ok()) << roi.status().ToString();
  EXPECT_EQ(roi->size, (imaging::Index3{8, 8, 5}));
  EXPECT_EQ(roi->morphological[static_cast<size_t>(roi->Offset(0, 7, 4))], 1);
}

TEST(BuildProcessedRoiTest, ResegmentsOnlyTheIntensityMask) {
  const Phantom p = SmallPhantom();
  ExtractionParams params;
  params.range_min = 9;  // drops column i = 8 (intensity 8.3)
  params.texture = {DiscretisationMethod::kFixedBinSize, 0.5, 0};
  params.families = {FeatureFamily::kGlcm};
  PreprocessingReport report;
  auto roi = BuildProcessedRoi(p.image, p.mask, params, &report);
  ASSERT_TRUE(roi.ok()) << roi.status().ToString();
  int morph = 0, intensity = 0;
  for (size_t v = 0; v < roi->morphological.size(); ++v) {
    morph += roi->morphological[v];
    intensity += roi->intensity_mask[v];
  }
  EXPECT_EQ(morph, 18);
  EXPECT_EQ(intensity, 12);
  // Bins start at the re-segmentation minimum 9: 9.3 -> 1, 10.3 -> 3.
  EXPECT_EQ(roi->texture.num_levels, 3);
  EXPECT_EQ(roi->texture.levels[static_cast<size_t>(roi->Offset(8, 8, 4))], 1);
  // Only GLCM was requested: the histogram and IVH groups were skipped.
  EXPECT_TRUE(roi->histogram.levels.empty());
  EXPECT_TRUE(roi->ivh.values.empty());

  EXPECT_EQ(report.initial_image.size, (imaging::Index3{20, 20, 10}));
  EXPECT_NEAR(report.initial_image.mean, 9.8, 1e-5);
  EXPECT_EQ(report.initial_roi.morphological_box, (imaging::Index3{3, 3, 2}));
  EXPECT_EQ(report.initial_roi.intensity_voxels, 18);
  EXPECT_EQ(report.resegmented_roi.intensity_voxels, 12);
  EXPECT_EQ(report.resegmented_roi.morphological_voxels, 18);
  EXPECT_EQ(report.resegmented_roi.intensity_box, (imaging::Index3{2, 3, 2}));
  EXPECT_NEAR(report.resegmented_roi.min, 9.3, 1e-5);
  EXPECT_NEAR(report.resegmented_roi.max, 10.3, 1e-5);
}

TEST(BuildProcessedRoiTest, RejectsEmptyRoisAndForeignMasks) {
  Phantom p = SmallPhantom();
  ExtractionParams params;
  params.range_min = 100;
  auto empty_after = BuildProcessedRoi(p.image, p.mask, params);
  ASSERT_FALSE(empty_after.ok());
  EXPECT_EQ(empty_after.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(empty_after.status().message().find("re-segmentation"), std::string::npos);

  Mask shifted = p.mask;
  shifted.grid.origin[0] += 1;
  auto foreign = BuildProcessedRoi(p.image, shifted, ExtractionParams{});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(foreign.status().message().find("does not match"), std::string::npos);

  std::fill(p.mask.voxels.begin(), p.mask.voxels.end(), 0);
  auto empty = BuildProcessedRoi(p.image, p.mask, ExtractionParams{});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);
}

// --- IBSI CT phantom, configurations A-C -------------------------------------------------------

const std::string kIbsiDir = std::string(RADFED_TEST_DATA_DIR) + "/ibsi/";

struct CtPhantom {
  Image image;
  Mask mask;
};

const CtPhantom& LoadCtPhantom() {
  static const CtPhantom phantom = [] {
    const auto readers = imaging::StandardReaders();
    auto image = readers.ReadImage(kIbsiDir + "ibsi1_ct_phantom/nifti/image/phantom.nii.gz");
    if (!image.ok()) throw std::runtime_error(image.status().ToString());
    auto mask =
        readers.ReadMask(kIbsiDir + "ibsi1_ct_phantom/nifti/mask/mask.nii.gz", "", image->grid);
    if (!mask.ok()) throw std::runtime_error(mask.status().ToString());
    return CtPhantom{*std::move(image), *std::move(mask)};
  }();
  return phantom;
}

// A tolerance of 0 means "as published": the value must round to the reference's last digit.
double PublishedHalfWidth(const std::string& text) {
  const auto dot = text.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
  return 0.5 * std::pow(10.0, -decimals);
}

// Checks every diagnostics row of `dataset`; returns how many it checked.
int ExpectDiagnostics(const PreprocessingReport& report, const std::string& dataset) {
  const auto rows = DiagnosticRows(report);
  std::ifstream in(kIbsiDir + "ibsi1_diagnostics_ct_phantom_configs_A-C.csv");
  EXPECT_TRUE(in.good());
  std::string line;
  std::getline(in, line);  // dataset,step,feature,value,tolerance,consensus
  int checked = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f(1);
    for (char c : line) {
      if (c == ',')
        f.emplace_back();
      else if (c != '\r')
        f.back() += c;
    }
    if (f.size() < 5 || f[0] != dataset) continue;
    const double reference = std::stod(f[3]);
    const double listed = std::stod(f[4]);
    const double tolerance = listed > 0 ? listed : PublishedHalfWidth(f[3]);
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const DiagnosticRow& r) {
      return r.step == f[1] && r.feature == f[2];
    });
    ++checked;
    if (it == rows.end()) {
      ADD_FAILURE() << dataset << ": no diagnostic " << f[1] << " / " << f[2];
      continue;
    }
    EXPECT_LE(std::abs(it->value - reference), tolerance * (1 + 1e-12))
        << dataset << " " << f[1] << " / " << f[2] << ": computed " << it->value << ", reference "
        << reference << " +- " << tolerance;
  }
  return checked;
}

TEST(BuildProcessedRoiCtPhantomTest, ConfigAMatchesEveryIbsiDiagnostic) {
  const CtPhantom& ct = LoadCtPhantom();
  ExtractionParams params;
  params.round_input_intensities = true;
  params.range_min = -500;
  params.range_max = 400;
  params.texture = {DiscretisationMethod::kFixedBinSize, 25, 0};
  params.histogram = params.texture;
  params.families = {FeatureFamily::kGlcm, FeatureFamily::kIntensityHistogram,
                     FeatureFamily::kIntensityVolumeHistogram};
  PreprocessingReport report;
  auto roi = BuildProcessedRoi(ct.image, ct.mask, params, &report);
  ASSERT_TRUE(roi.ok()) << roi.status().ToString();
  EXPECT_EQ(ExpectDiagnostics(report, "config_A"), 60);
  // 25 HU bins from -500: the re-segmented maximum (377) is in bin floor(877 / 25) + 1 = 36.
  EXPECT_EQ(roi->texture.num_levels,
            static_cast<int32_t>(std::floor((report.resegmented_roi.max + 500) / 25)) + 1);
  EXPECT_EQ(roi->ivh.lowest, -500);
  EXPECT_EQ(roi->ivh.highest, 400);
  EXPECT_EQ(static_cast<int64_t>(roi->ivh.values.size()), report.resegmented_roi.intensity_voxels);
}

TEST(BuildProcessedRoiCtPhantomTest, ConfigBMatchesEveryIbsiDiagnostic) {
  const CtPhantom& ct = LoadCtPhantom();
  ExtractionParams params;
  params.round_input_intensities = true;
  params.interpolation.enabled = true;
  params.interpolation.spacing_mm = {2, 2, 2};
  params.interpolation.in_plane_only = true;
  params.interpolation.image = Interpolator::kLinear;
  params.interpolation.mask = Interpolator::kLinear;
  params.interpolation.mask_threshold = 0.5;
  params.interpolation.round_intensities = true;
  params.range_min = -500;
  params.range_max = 400;
  params.texture = {DiscretisationMethod::kFixedBinNumber, 0, 32};
  params.histogram = params.texture;
  params.families = {FeatureFamily::kGlcm, FeatureFamily::kIntensityHistogram,
                     FeatureFamily::kIntensityVolumeHistogram};
  PreprocessingReport report;
  auto roi = BuildProcessedRoi(ct.image, ct.mask, params, &report);
  ASSERT_TRUE(roi.ok()) << roi.status().ToString();
  EXPECT_EQ(ExpectDiagnostics(report, "config_B"), 60);
  EXPECT_EQ(roi->spacing, (imaging::Vec3{2, 2, 3}));
  EXPECT_EQ(roi->texture.num_levels, 32);
  EXPECT_EQ(roi->histogram.levels, roi->texture.levels);

  // Without a report only the box is interpolated; the result is the same.
  auto fast = BuildProcessedRoi(ct.image, ct.mask, params);
  ASSERT_TRUE(fast.ok()) << fast.status().ToString();
  EXPECT_EQ(fast->size, roi->size);
  EXPECT_EQ(fast->intensity, roi->intensity);
  EXPECT_EQ(fast->morphological, roi->morphological);
  EXPECT_EQ(fast->texture.levels, roi->texture.levels);
}

TEST(BuildProcessedRoiCtPhantomTest, ConfigCMatchesEveryIbsiDiagnostic) {
  const CtPhantom& ct = LoadCtPhantom();
  ExtractionParams params;
  params.round_input_intensities = true;
  params.interpolation.enabled = true;
  params.interpolation.spacing_mm = {2, 2, 2};
  params.interpolation.image = Interpolator::kLinear;
  params.interpolation.mask = Interpolator::kLinear;
  params.interpolation.mask_threshold = 0.5;
  params.interpolation.round_intensities = true;
  params.range_min = -1000;
  params.range_max = 400;
  params.texture = {DiscretisationMethod::kFixedBinSize, 25, 0};
  params.histogram = params.texture;
  params.ivh = {DiscretisationMethod::kFixedBinSize, 2.5, 0};
  params.families = {FeatureFamily::kGlcm, FeatureFamily::kIntensityHistogram,
                     FeatureFamily::kIntensityVolumeHistogram};
  PreprocessingReport report;
  auto roi = BuildProcessedRoi(ct.image, ct.mask, params, &report);
  ASSERT_TRUE(roi.ok()) << roi.status().ToString();
  EXPECT_EQ(ExpectDiagnostics(report, "config_C"), 60);
  EXPECT_EQ(roi->spacing, (imaging::Vec3{2, 2, 2}));
  // The box: the morphological mask's bounding box plus ceil(6.3 / 2) = 4 voxels a side.
  EXPECT_EQ(roi->margin, (imaging::Index3{4, 4, 4}));
  for (int a = 0; a < 3; ++a)
    EXPECT_EQ(roi->size[a], report.interpolated_roi.morphological_box[a] + 8) << a;
  EXPECT_EQ(roi->ivh.lowest, -998.75);
  EXPECT_EQ(roi->ivh.highest, 398.75);
  EXPECT_EQ(roi->ivh.step, 2.5);

  auto fast = BuildProcessedRoi(ct.image, ct.mask, params);
  ASSERT_TRUE(fast.ok()) << fast.status().ToString();
  EXPECT_EQ(fast->intensity, roi->intensity);
  EXPECT_EQ(fast->intensity_mask, roi->intensity_mask);
}

}  // namespace
}  // namespace radfed::radiomics
