#include "node/radiomics/extraction_params.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace radfed::radiomics {
namespace {

const std::filesystem::path kConfigs = std::filesystem::path(RADFED_SOURCE_DIR) / "configs/ibsi";

std::string ErrorOf(const std::string& yaml) {
  auto params = ParseExtractionParams(yaml, "p.yaml");
  EXPECT_FALSE(params.ok()) << yaml;
  return params.ok() ? "" : params.status().message();
}

TEST(ExtractionParamsTest, EmptyFileMeansNoProcessingAndEveryFamily) {
  auto params = ParseExtractionParams("", "p.yaml");
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_FALSE(params->round_input_intensities);
  EXPECT_FALSE(params->interpolation.enabled);
  EXPECT_FALSE(params->range_min || params->range_max || params->outlier_sd);
  EXPECT_EQ(params->texture.method, DiscretisationMethod::kNone);
  EXPECT_EQ(params->texture_dimensions, std::set<TextureDimension>{TextureDimension::k3D});
  EXPECT_EQ(params->families, AllFeatureFamilies());
  EXPECT_EQ(params->families.size(), 11u);
}

TEST(ExtractionParamsTest, ReadsEveryKey) {
  auto params = ParseExtractionParams(R"(
round_input_intensities: true
interpolation:
  spacing_mm: [2, 2.5, 3]
  image: cubic_spline
  mask: nearest
  mask_threshold: 0.4
  round_intensities: true
resegmentation: {min: -1000, max: 400, outlier_sd: 3}
discretisation:
  texture: {method: fixed_bin_size, bin_width: 25}
  histogram: {method: fixed_bin_number, bin_count: 32}
  ivh: {method: none}
texture:
  dimensions: [2D, 2.5D]
  glcm_distance: 2
  ngtdm_distance: 3
  ngldm_distance: 4
  ngldm_alpha: 1
families: [glcm, morphology]
)",
                                      "p.yaml");
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_TRUE(params->round_input_intensities);
  const InterpolationParams& in = params->interpolation;
  EXPECT_TRUE(in.enabled);
  EXPECT_FALSE(in.in_plane_only);
  EXPECT_EQ(in.spacing_mm, (imaging::Vec3{2, 2.5, 3}));
  EXPECT_EQ(in.image, Interpolator::kCubicSpline);
  EXPECT_EQ(in.mask, Interpolator::kNearest);
  EXPECT_EQ(in.mask_threshold, 0.4);
  EXPECT_TRUE(in.round_intensities);
  EXPECT_EQ(params->range_min, -1000);
  EXPECT_EQ(params->range_max, 400);
  EXPECT_EQ(params->outlier_sd, 3);
  EXPECT_EQ(params->texture.method, DiscretisationMethod::kFixedBinSize);
  EXPECT_EQ(params->texture.bin_width, 25);
  EXPECT_EQ(params->histogram.method, DiscretisationMethod::kFixedBinNumber);
  EXPECT_EQ(params->histogram.bin_count, 32);
  EXPECT_EQ(params->ivh.method, DiscretisationMethod::kNone);
  EXPECT_EQ(params->texture_dimensions,
            (std::set<TextureDimension>{TextureDimension::k2D, TextureDimension::k2_5D}));
  EXPECT_EQ(params->glcm_distance, 2);
  EXPECT_EQ(params->ngtdm_distance, 3);
  EXPECT_EQ(params->ngldm_distance, 4);
  EXPECT_EQ(params->ngldm_alpha, 1);
  EXPECT_EQ(params->families,
            (std::set<FeatureFamily>{FeatureFamily::kMorphology, FeatureFamily::kGlcm}));
}

TEST(ExtractionParamsTest, InPlaneInterpolationTakesTwoSpacings) {
  auto params =
      ParseExtractionParams("interpolation: {spacing_mm: [2, 2], in_plane_only: true}\n", "p.yaml");
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_TRUE(params->interpolation.in_plane_only);
  EXPECT_EQ(params->interpolation.spacing_mm[0], 2);
  EXPECT_EQ(params->interpolation.spacing_mm[1], 2);
  EXPECT_EQ(ErrorOf("interpolation: {spacing_mm: [2, 2]}\n"),
            "p.yaml: key 'interpolation.spacing_mm': expected 3 spacings in mm (x, y, z)");
}

TEST(ExtractionParamsTest, OneSidedRangeIsAllowed) {
  auto params = ParseExtractionParams("resegmentation: {min: -500}\n", "p.yaml");
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_EQ(params->range_min, -500);
  EXPECT_FALSE(params->range_max);
}

TEST(ExtractionParamsTest, UnknownKeysNameFileAndKey) {
  EXPECT_EQ(ErrorOf("families: [glcm]\nbin_width: 25\n"),
            "p.yaml: key 'bin_width': unknown key (known keys here: discretisation, families, "
            "interpolation, resegmentation, round_input_intensities, texture)");
  EXPECT_TRUE(ErrorOf("discretisation: {texture: {method: fixed_bin_size, bin_width: 25, "
                      "bin_count: 8}}\n")
                  .starts_with("p.yaml: key 'discretisation.texture.bin_count': unknown key"));
  EXPECT_TRUE(ErrorOf("interpolation: {spacing_mm: [1, 1, 1], treshold: 0.5}\n")
                  .starts_with("p.yaml: key 'interpolation.treshold': unknown key"));
}

TEST(ExtractionParamsTest, TypeAndRangeErrorsNameTheKey) {
  EXPECT_EQ(ErrorOf("round_input_intensities: maybe\n"),
            "p.yaml: key 'round_input_intensities': expected true or false, got 'maybe'");
  EXPECT_EQ(ErrorOf("interpolation: {spacing_mm: [1, 0, 1]}\n"),
            "p.yaml: key 'interpolation.spacing_mm[1]': spacing must be greater than 0 mm");
  EXPECT_EQ(ErrorOf("interpolation: {spacing_mm: [1, 1, 1], image: bspline}\n"),
            "p.yaml: key 'interpolation.image': unknown interpolator 'bspline' (use nearest, "
            "linear or cubic_spline)");
  EXPECT_EQ(ErrorOf("interpolation: {spacing_mm: [1, 1, 1], mask_threshold: 1.5}\n"),
            "p.yaml: key 'interpolation.mask_threshold': must be in (0, 1]");
  EXPECT_EQ(ErrorOf("resegmentation: {min: 400, max: -500}\n"),
            "p.yaml: key 'resegmentation': min must be less than max");
  EXPECT_EQ(ErrorOf("resegmentation: {outlier_sd: -3}\n"),
            "p.yaml: key 'resegmentation.outlier_sd': must be greater than 0");
  EXPECT_EQ(ErrorOf("discretisation: {texture: {method: fixed_bin_size}}\n"),
            "p.yaml: key 'discretisation.texture.bin_width': missing");
  EXPECT_EQ(ErrorOf("discretisation: {histogram: {method: fixed_bin_number, bin_count: 0}}\n"),
            "p.yaml: key 'discretisation.histogram.bin_count': must be an integer from 1 to "
            "65536, got 0");
  // More bins than kMaxGreyLevels would be refused by every discretisation anyway.
  EXPECT_EQ(ErrorOf("discretisation: {texture: {method: fixed_bin_number, bin_count: 65537}}\n"),
            "p.yaml: key 'discretisation.texture.bin_count': must be an integer from 1 to "
            "65536, got 65537");
  EXPECT_EQ(ErrorOf("discretisation: {ivh: {method: fixed_bin_number, bin_count: 2.5}}\n"),
            "p.yaml: key 'discretisation.ivh.bin_count': expected an integer, got '2.5'");
  EXPECT_EQ(ErrorOf("discretisation: {ivh: {method: equal_probability}}\n"),
            "p.yaml: key 'discretisation.ivh.method': unknown method 'equal_probability' (use "
            "none, fixed_bin_size or fixed_bin_number)");
  EXPECT_EQ(ErrorOf("texture: {dimensions: [4D]}\n"),
            "p.yaml: key 'texture.dimensions[0]': unknown dimension '4D' (use 2D, 2.5D or 3D)");
  EXPECT_EQ(ErrorOf("texture: {dimensions: []}\n"),
            "p.yaml: key 'texture.dimensions': list at least one of 2D, 2.5D or 3D");
  EXPECT_EQ(ErrorOf("texture: {glcm_distance: 0}\n"),
            "p.yaml: key 'texture.glcm_distance': must be an integer from 1 to 100, got 0");
  // Distances beyond kMaxTextureDistance are typos: 1000 once exhausted memory padding the
  // GLCM volume and sizing the NGLDM dependence counts.
  EXPECT_EQ(ErrorOf("texture: {glcm_distance: 1000}\n"),
            "p.yaml: key 'texture.glcm_distance': must be an integer from 1 to 100, got 1000");
  EXPECT_EQ(ErrorOf("texture: {ngtdm_distance: 101}\n"),
            "p.yaml: key 'texture.ngtdm_distance': must be an integer from 1 to 100, got 101");
  EXPECT_EQ(ErrorOf("texture: {ngldm_distance: 1000}\n"),
            "p.yaml: key 'texture.ngldm_distance': must be an integer from 1 to 100, got 1000");
  EXPECT_EQ(ErrorOf("texture: {ngldm_alpha: -1}\n"),
            "p.yaml: key 'texture.ngldm_alpha': must be an integer from 0 to 1000000, got -1");
  EXPECT_TRUE(ErrorOf("families: [glcm, texture]\n")
                  .starts_with("p.yaml: key 'families[1]': unknown feature family 'texture' (use "
                               "morphology, local_intensity,"));
  EXPECT_EQ(ErrorOf("families: [glcm, glcm]\n"), "p.yaml: key 'families[1]': 'glcm' listed twice");
  EXPECT_EQ(ErrorOf("families: []\n"), "p.yaml: key 'families': list at least one feature family");
  EXPECT_EQ(ErrorOf("- glcm\n"), "p.yaml: expected a map of settings");
  EXPECT_TRUE(
      ErrorOf("texture: {dimensions: [3D}\n").starts_with("p.yaml: not valid YAML at line 1"));
}

TEST(ExtractionParamsTest, MissingFileIsNamed) {
  auto params = LoadExtractionParams("/nonexistent/params.yaml");
  ASSERT_FALSE(params.ok());
  EXPECT_EQ(params.status().message(), "/nonexistent/params.yaml: cannot open file");
}

TEST(ExtractionParamsTest, FamilyKeysFollowTheReferenceOrder) {
  std::vector<std::string_view> keys;
  for (FeatureFamily family : AllFeatureFamilies()) keys.push_back(FeatureFamilyKey(family));
  EXPECT_EQ(keys,
            (std::vector<std::string_view>{"morphology", "local_intensity", "intensity_statistics",
                                           "intensity_histogram", "intensity_volume_histogram",
                                           "glcm", "glrlm", "glszm", "gldzm", "ngtdm", "ngldm"}));
}

// The shipped IBSI configurations (IBSI 1, "Reference data sets", and issue 3 for D and E).
TEST(ExtractionParamsTest, IbsiConfigurationsLoad) {
  auto phantom = LoadExtractionParams(kConfigs / "digital_phantom.yaml");
  ASSERT_TRUE(phantom.ok()) << phantom.status().ToString();
  EXPECT_FALSE(phantom->interpolation.enabled);
  EXPECT_EQ(phantom->texture.method, DiscretisationMethod::kNone);
  EXPECT_EQ(phantom->texture_dimensions,
            (std::set<TextureDimension>{TextureDimension::k2D, TextureDimension::k2_5D,
                                        TextureDimension::k3D}));

  auto a = LoadExtractionParams(kConfigs / "config_A.yaml");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(a->round_input_intensities);
  EXPECT_FALSE(a->interpolation.enabled);
  EXPECT_EQ(a->range_min, -500);
  EXPECT_EQ(a->range_max, 400);
  EXPECT_EQ(a->texture.method, DiscretisationMethod::kFixedBinSize);
  EXPECT_EQ(a->texture.bin_width, 25);
  EXPECT_EQ(a->histogram.bin_width, 25);
  EXPECT_EQ(a->ivh.method, DiscretisationMethod::kNone);
  EXPECT_EQ(a->texture_dimensions,
            (std::set<TextureDimension>{TextureDimension::k2D, TextureDimension::k2_5D}));

  auto b = LoadExtractionParams(kConfigs / "config_B.yaml");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_TRUE(b->interpolation.in_plane_only);
  EXPECT_EQ(b->interpolation.image, Interpolator::kLinear);
  EXPECT_TRUE(b->interpolation.round_intensities);
  EXPECT_EQ(b->texture.method, DiscretisationMethod::kFixedBinNumber);
  EXPECT_EQ(b->texture.bin_count, 32);
  EXPECT_EQ(b->histogram.bin_count, 32);

  auto c = LoadExtractionParams(kConfigs / "config_C.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->interpolation.spacing_mm, (imaging::Vec3{2, 2, 2}));
  EXPECT_EQ(c->range_min, -1000);
  EXPECT_EQ(c->ivh.method, DiscretisationMethod::kFixedBinSize);
  EXPECT_EQ(c->ivh.bin_width, 2.5);
  EXPECT_EQ(c->texture_dimensions, std::set<TextureDimension>{TextureDimension::k3D});

  auto d = LoadExtractionParams(kConfigs / "config_D.yaml");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_FALSE(d->range_min || d->range_max);
  EXPECT_EQ(d->outlier_sd, 3);
  EXPECT_EQ(d->texture.bin_count, 32);
  EXPECT_EQ(d->ivh.method, DiscretisationMethod::kNone);

  auto e = LoadExtractionParams(kConfigs / "config_E.yaml");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->interpolation.image, Interpolator::kCubicSpline);
  EXPECT_EQ(e->interpolation.mask, Interpolator::kLinear);
  EXPECT_EQ(e->range_min, -1000);
  EXPECT_EQ(e->range_max, 400);
  EXPECT_EQ(e->outlier_sd, 3);
  EXPECT_EQ(e->ivh.method, DiscretisationMethod::kFixedBinNumber);
  EXPECT_EQ(e->ivh.bin_count, 1000);
}

}  // namespace
}  // namespace radfed::radiomics
