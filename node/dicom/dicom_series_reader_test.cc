#include "node/dicom/dicom_series_reader.h"

#include <gtest/gtest.h>

#include <cmath>

#include "node/imaging/nifti_reader.h"

namespace radfed::dicom {
namespace {

const std::string kData = RADFED_TEST_DATA_DIR;
const std::string kPhantom = kData + "/ibsi/ibsi1_ct_phantom";

TEST(DicomSeriesReaderTest, IbsiCtPhantomEqualsItsNiftiForm) {
  auto series = ReadDicomSeries(kPhantom + "/dicom/image");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  const imaging::Grid& grid = series->image.grid;
  EXPECT_EQ(grid.size, (imaging::Index3{204, 201, 60}));
  EXPECT_NEAR(grid.spacing[0], 0.977, 1e-6);
  EXPECT_NEAR(grid.spacing[2], 3.0, 1e-6);
  EXPECT_EQ(series->modality, "CT");
  EXPECT_EQ(grid.slice_sop_instance_uids.size(), 60u);
  EXPECT_EQ(grid.frame_of_reference_uid, "1.3.6.1.4.1.9590.100.1.2.43753750011518494101799896492065629048");

  imaging::NiftiReader nifti;
  auto reference = nifti.ReadImage(kPhantom + "/nifti/image/phantom.nii.gz");
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();
  EXPECT_TRUE(grid.SameGeometry(reference->grid, 1e-3)) << grid.Describe() << " vs " << reference->grid.Describe();
  size_t differing = 0;
  for (size_t v = 0; v < reference->voxels.size(); ++v) {
    if (std::abs(series->image.voxels[v] - reference->voxels[v]) > 1e-3f) ++differing;
  }
  EXPECT_EQ(differing, 0u);
}

TEST(DicomSeriesReaderTest, RescaleInterceptGivesHounsfieldUnits) {
  // dcmqi CT: intercept -1024, slope 1; air outside the body is about -1000 HU or below.
  auto series = ReadDicomSeries(kData + "/dicom/dcmqi_ct3slice_seg/ct");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_EQ(series->image.grid.size, (imaging::Index3{512, 512, 3}));
  EXPECT_NEAR(series->image.grid.spacing[2], 1.0, 1e-6);
  EXPECT_NEAR(series->image.grid.origin[2], -128.69, 1e-5);  // sorted along +z from the lowest slice
  EXPECT_LE(series->image.at(5, 5, 0), -900.0f);
}

TEST(DicomSeriesReaderTest, GapInSeriesIsReported) {
  const std::string dir = kData + "/dicom/pydicom_ct_highdicom_seg/CT2";
  auto series = ReadDicomSeries(dir);
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(series.status().message().find(dir), std::string::npos) << series.status().message();
  // Four slices: one at z -99.48, then three 1.25 mm apart from z 103.02.
  EXPECT_NE(series.status().message().find(
                "161 missing slice(s) between (-125, -128.1, -99.48) and (-125, -128.1, 103.02)"),
            std::string::npos)
      << series.status().message();
}

TEST(DicomSeriesReaderTest, SeveralSeriesAreListed) {
  auto series = ReadDicomSeries(kData + "/dicom/pydicom_ct_highdicom_seg");
  ASSERT_FALSE(series.ok());
  EXPECT_NE(series.status().message().find("image series found"), std::string::npos) << series.status().message();
}

TEST(DicomSeriesReaderTest, SegWithoutItsImagesIsReported) {
  auto series = ReadDicomSeries(kData + "/dicom/orthanc_tcga_gbm_mr_seg");
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.status().code(), StatusCode::kNotFound);
  EXPECT_NE(series.status().message().find("whose images are absent"), std::string::npos) << series.status().message();
  EXPECT_NE(series.status().message().find("DicomSeg.dcm (SEG referencing series "
                                           "1.3.6.1.4.1.14519.5.2.1.7695.4001.116744760614299221617250951944"),
            std::string::npos)
      << series.status().message();
}

TEST(DicomSeriesReaderTest, SingleFileIsAOneSliceImage) {
  auto series = ReadDicomSeries(kData + "/dicom/misc_single_files/MR_small.dcm");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_EQ(series->image.grid.size, (imaging::Index3{64, 64, 1}));
  EXPECT_EQ(series->modality, "MR");
}

TEST(DicomSeriesReaderTest, SeriesIsNotAMask) {
  DicomSeriesReader reader;
  EXPECT_TRUE(reader.CanRead(kPhantom + "/dicom/image"));
  auto mask = reader.ReadMask(kPhantom + "/dicom/image", "", imaging::Grid{});
  EXPECT_EQ(mask.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::dicom
