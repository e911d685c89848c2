#include "node/dicom/rtstruct_reader.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "node/dicom/dicom_file.h"

#include "node/dicom/dicom_series_reader.h"
#include "node/imaging/nifti_reader.h"

namespace radfed::dicom {
namespace {

const std::string kData = RADFED_TEST_DATA_DIR;
const std::string kPhantom = kData + "/ibsi/ibsi1_ct_phantom";

// `grid` without the slices' SOP instance UIDs, so that contours are placed by position.
imaging::Grid PositionsOnly(imaging::Grid grid) {
  grid.slice_sop_instance_uids.clear();
  return grid;
}

size_t Count(const imaging::Mask& mask) {
  size_t n = 0;
  for (uint8_t v : mask.voxels) n += v;
  return n;
}

class IbsiRtStructTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = ReadDicomSeries(kPhantom + "/dicom/image");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    series_ = new DicomSeries(std::move(*s));
  }
  static void TearDownTestSuite() { delete series_; }
  static DicomSeries* series_;
};
DicomSeries* IbsiRtStructTest::series_ = nullptr;

TEST_F(IbsiRtStructTest, GtvEqualsTheNiftiMaskVoxelByVoxel) {
  imaging::NiftiReader nifti;
  auto truth = nifti.ReadMask(kPhantom + "/nifti/mask/mask.nii.gz", "", series_->image.grid);
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  ASSERT_EQ(Count(*truth), 125256u);
  const std::string rs = kPhantom + "/dicom/mask/DCM_RS_00060.dcm";
  // With the slices' SOP instance UIDs (the phantom's contours reference none of them, so both
  // place by position) and without.
  for (const imaging::Grid& grid : {series_->image.grid, PositionsOnly(series_->image.grid)}) {
    auto mask = ReadRtStructMask(rs, "GTV-1", grid);
    ASSERT_TRUE(mask.ok()) << mask.status().ToString();
    EXPECT_EQ(Count(*mask), 125256u);
    size_t differing = 0;
    for (size_t v = 0; v < truth->voxels.size(); ++v) differing += (truth->voxels[v] != 0) != (mask->voxels[v] != 0);
    EXPECT_EQ(differing, 0u);
  }
}

TEST_F(IbsiRtStructTest, AnotherFrameOfReferenceIsRefused) {
  ASSERT_FALSE(series_->image.grid.frame_of_reference_uid.empty());
  imaging::Grid elsewhere = series_->image.grid;
  elsewhere.frame_of_reference_uid = "1.2.826.0.1.3680043.10.9999.3";
  auto mask = ReadRtStructMask(kPhantom + "/dicom/mask/DCM_RS_00060.dcm", "GTV-1", elsewhere);
  ASSERT_FALSE(mask.ok());
  EXPECT_NE(mask.status().message().find("differs from the image's 1.2.826.0.1.3680043.10.9999.3, "
                                         "so it cannot be placed by position"),
            std::string::npos)
      << mask.status().message();
}

TEST_F(IbsiRtStructTest, UnknownRoiListsTheAvailableNames) {
  auto mask = ReadRtStructMask(kPhantom + "/dicom/mask/DCM_RS_00060.dcm", "GTV-2", series_->image.grid);
  ASSERT_FALSE(mask.ok());
  EXPECT_EQ(mask.status().code(), StatusCode::kNotFound);
  EXPECT_NE(mask.status().message().find("'GTV-1'"), std::string::npos) << mask.status().message();
}

// A vertex at x = 1e300 mm used to be filled towards, silently changing the mask's volume.
TEST_F(IbsiRtStructTest, FarAwayContourPointIsAnError) {
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile((kPhantom + "/dicom/mask/DCM_RS_00060.dcm").c_str()).good());
  for (DcmItem* roi : GetItems(*file.getDataset(), DCM_ROIContourSequence)) {
    std::vector<DcmItem*> contours = GetItems(*roi, DCM_ContourSequence);
    ASSERT_FALSE(contours.empty());
    OFString data;
    ASSERT_TRUE(contours.front()->findAndGetOFStringArray(DCM_ContourData, data).good());
    const std::string rest(data.c_str() + data.find('\\'));
    contours.front()->putAndInsertString(DCM_ContourData, ("1e300" + rest).c_str());
  }
  const std::string path = ::testing::TempDir() + "/rtstruct_far.dcm";
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  auto mask = ReadRtStructMask(path, "GTV-1", series_->image.grid);
  ASSERT_FALSE(mask.ok());
  EXPECT_NE(mask.status().message().find(path + ": ROI 'GTV-1': contour 1 has a coordinate of 1e+300 mm"),
            std::string::npos)
      << mask.status().message();
}

TEST(RtStructReaderTest, RtUtilsTwoContoursOnTheFirstSlice) {
  const std::string dir = kData + "/dicom/rtutils_phantom_2slice";
  auto series = ReadDicomSeries(dir + "/ct_1.dcm");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  auto both = ReadDicomSeries(dir);
  // The directory holds the RTSTRUCT too; it is recognised as a non-image object.
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_EQ(both->image.grid.size[2], 2);
  // The structure set names another frame of reference than the CT, but its contours reference
  // the CT's slices, which places them.
  ASSERT_NE(both->image.grid.frame_of_reference_uid, "");
  RtStructReader reader;
  auto mask = reader.ReadMask(dir + "/rt.dcm", "", both->image.grid);
  ASSERT_TRUE(mask.ok()) << mask.status().ToString();
  auto unreferenced = ReadRtStructMask(dir + "/rt.dcm", "", PositionsOnly(both->image.grid));
  EXPECT_NE(unreferenced.status().message().find("cannot be placed by position"), std::string::npos)
      << unreferenced.status().message();
  // The series, when given, supplies the slice references a bare grid lacks.
  auto via_series = ReadRtStructMask(dir + "/rt.dcm", "", PositionsOnly(both->image.grid), &*both);
  ASSERT_TRUE(via_series.ok()) << via_series.status().ToString();
  EXPECT_EQ(via_series->voxels, mask->voxels);
  const int64_t plane = both->image.grid.size[0] * both->image.grid.size[1];
  size_t first = 0, second = 0;
  for (int64_t p = 0; p < plane; ++p) {
    first += mask->voxels[static_cast<size_t>(p)];
    second += mask->voxels[static_cast<size_t>(plane + p)];
  }
  EXPECT_GT(first, 100u);
  EXPECT_EQ(second, 0u);
}

TEST(RtStructReaderTest, LctscSpinalCordOnItsOnlySlice) {
  const std::string dir = kData + "/dicom/orthanc_lctsc_1slice";
  auto series = ReadDicomSeries(dir + "/CT01.dcm");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  auto names = RtStructRoiNames(dir + "/RT.dcm");
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(names->size(), 5u);
  auto by_uid = ReadRtStructMask(dir + "/RT.dcm", "SpinalCord", series->image.grid);
  ASSERT_TRUE(by_uid.ok()) << by_uid.status().ToString();
  auto by_position = ReadRtStructMask(dir + "/RT.dcm", "SpinalCord", PositionsOnly(series->image.grid));
  ASSERT_TRUE(by_position.ok()) << by_position.status().ToString();
  // A spinal cord section at ~1 mm pixels: a few hundred voxels.
  EXPECT_GT(Count(*by_uid), 100u);
  EXPECT_LT(Count(*by_uid), 2000u);
  EXPECT_EQ(by_uid->voxels, by_position->voxels);
  // Heart has no contour on this slice.
  auto heart = ReadRtStructMask(dir + "/RT.dcm", "Heart", series->image.grid);
  ASSERT_FALSE(heart.ok());
  EXPECT_NE(heart.status().message().find("none of its"), std::string::npos) << heart.status().message();
}

TEST(RtStructReaderTest, VarianStructureSetWithOverLongUidsRasterises) {
  // The file comes without its images; its contours lie on planes z = -50 .. -5 mm, 5 mm apart,
  // within x and y 20 .. 90 mm. Rectum's contour at z -35 mm has 3,329 points, more than fits an
  // explicit-VR DS value, so the writer stored it as UN.
  const std::string rs = kData + "/dicom/misc_single_files/octave-dicom_rtstruct_varian.dcm";
  imaging::Grid grid;
  grid.size = {200, 200, 10};
  grid.spacing = {0.5, 0.5, 5};
  grid.origin = {0, 0, -50};
  auto names = RtStructRoiNames(rs);
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  ASSERT_EQ(*names, (std::vector<std::string>{"Rectum", "Prostate irm", "Urethra", "Prostate"}));
  // Slices (k = 0 at z -50) holding each ROI's contours.
  const std::vector<std::vector<int64_t>> contoured = {{1, 2, 3, 4, 5, 6, 7, 8},
                                                       {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                                                       {1, 2, 3, 4, 5, 6, 7, 8},
                                                       {1, 2, 3, 4, 5, 6, 7, 8}};
  const int64_t plane = grid.size[0] * grid.size[1];
  for (size_t r = 0; r < names->size(); ++r) {
    auto mask = ReadRtStructMask(rs, (*names)[r], grid);
    ASSERT_TRUE(mask.ok()) << mask.status().ToString();
    std::vector<int64_t> filled;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
      size_t n = 0;
      for (int64_t p = 0; p < plane; ++p) n += mask->voxels[static_cast<size_t>(k * plane + p)];
      if (n > 0) filled.push_back(k);
    }
    EXPECT_EQ(filled, contoured[r]) << (*names)[r];
  }
}

TEST(RtStructReaderTest, ReaderRefusesImagesAndRecognisesFiles) {
  RtStructReader reader;
  EXPECT_TRUE(reader.CanRead(kPhantom + "/dicom/mask/DCM_RS_00060.dcm"));
  EXPECT_FALSE(reader.CanRead(kPhantom + "/dicom/image/DCM_IMG_00000.dcm"));
  EXPECT_EQ(reader.ReadImage(kPhantom + "/dicom/mask/DCM_RS_00060.dcm").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::dicom
