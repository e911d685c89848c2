#include "node/radiomics/feature_extractor.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "node/imaging/standard_readers.h"
#include "node/radiomics/testing/ibsi_reference.h"

namespace radfed::radiomics {
namespace {

const std::filesystem::path kPhantom =
    std::filesystem::path(RADFED_TEST_DATA_DIR) / "ibsi/ibsi1_digital_phantom/nifti";

class FeatureExtractorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto readers = imaging::StandardReaders();
    auto image = readers.ReadImage(kPhantom / "image/phantom.nii.gz");
    ASSERT_TRUE(image.ok()) << image.status().ToString();
    image_ = *image;
    auto mask = readers.ReadMask(kPhantom / "mask/mask.nii.gz", "", image_.grid);
    ASSERT_TRUE(mask.ok()) << mask.status().ToString();
    mask_ = *mask;
    auto params = LoadExtractionParams(std::filesystem::path(RADFED_SOURCE_DIR) /
                                       "configs/ibsi/digital_phantom.yaml");
    ASSERT_TRUE(params.ok()) << params.status().ToString();
    params_ = *params;
  }

  imaging::Image image_;
  imaging::Mask mask_;
  ExtractionParams params_;
};

TEST_F(FeatureExtractorTest, RunsOnlyRequestedFamiliesInReferenceOrder) {
  params_.families = {FeatureFamily::kNgldm, FeatureFamily::kGlcm};
  auto extraction = ExtractFeatures(image_, mask_, params_);
  ASSERT_TRUE(extraction.ok()) << extraction.status().ToString();
  // GLCM: 25 features x 6 aggregations, then NGLDM: 17 features x 3 dimensions.
  ASSERT_EQ(extraction->features.size(), 25u * 6 + 17u * 3);
  for (size_t i = 0; i < extraction->features.size(); ++i) {
    EXPECT_EQ(extraction->features[i].family,
              i < 150 ? "Grey level co-occurrence based features"
                      : "Neighbouring grey level dependence based features");
  }
  EXPECT_EQ(testing::ExpectMatchesReferences(extraction->features, "digital_phantom",
                                             "Grey level co-occurrence"),
            150);
  EXPECT_EQ(testing::ExpectMatchesReferences(extraction->features, "digital_phantom",
                                             "Neighbouring grey level dependence"),
            51);

  std::vector<std::string> steps;
  for (const StepTiming& t : extraction->timings) {
    steps.push_back(t.step);
    EXPECT_GE(t.milliseconds, 0);
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"preprocessing", "texture_input", "glcm", "ngldm"}));
}

TEST_F(FeatureExtractorTest, PreprocessingErrorsReachTheCaller) {
  params_.families = {FeatureFamily::kGlcm};
  params_.range_min = 100;  // above every grey level of the phantom
  auto extraction = ExtractFeatures(image_, mask_, params_);
  ASSERT_FALSE(extraction.ok());
  EXPECT_EQ(extraction.status().code(), StatusCode::kInvalidArgument);

  imaging::Mask shifted = mask_;
  shifted.grid.origin[0] += 1;
  EXPECT_EQ(ExtractFeatures(image_, shifted, params_).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::radiomics
