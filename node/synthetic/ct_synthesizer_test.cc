#include "node/synthetic/ct_synthesizer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "node/synthetic/cohort_generator.h"
#include "node/synthetic/dicom_writer.h"

namespace radfed::synthetic {
namespace {

SyntheticCt Make(const std::string& site, int index) {
  const Patient p = DrawPatient(5, site, index);
  Random rng = Random(5).Fork(static_cast<uint64_t>(index));
  return SynthesizeCt(p, SiteAcquisition(site), rng);
}

TEST(CtSynthesizerTest, GridFollowsTheSiteAcquisition) {
  const SyntheticCt ct = Make("site-b", 0);
  const Acquisition acq = SiteAcquisition("site-b");
  EXPECT_EQ(ct.hu.grid.size[0], acq.matrix);
  EXPECT_EQ(ct.hu.grid.spacing[0], acq.pixel_spacing_mm);
  EXPECT_EQ(ct.hu.grid.spacing[2], acq.slice_thickness_mm);
  EXPECT_EQ(ct.hu.voxels.size(), static_cast<size_t>(ct.hu.grid.voxel_count()));
}

TEST(CtSynthesizerTest, DeterministicForTheSameInputs) {
  const SyntheticCt a = Make("site-a", 2), b = Make("site-a", 2);
  EXPECT_EQ(a.hu.voxels, b.hu.voxels);
  ASSERT_EQ(a.contours.size(), b.contours.size());
}

TEST(CtSynthesizerTest, ContoursEncloseSoftTissueInsideTheLung) {
  const SyntheticCt ct = Make("site-a", 1);
  ASSERT_GE(ct.contours.size(), 3u);
  const imaging::Grid& g = ct.hu.grid;
  for (const Contour& c : ct.contours) {
    ASSERT_GE(c.points.size(), 3u);
    const double z = g.IndexToPhysical({0, 0, double(c.slice)})[2];
    double cx = 0, cy = 0;
    for (const auto& p : c.points) {
      EXPECT_DOUBLE_EQ(p[2], z);  // planar, on its slice
      cx += p[0];
      cy += p[1];
    }
    cx /= static_cast<double>(c.points.size());
    cy /= static_cast<double>(c.points.size());
    // The contour's centre is tumour (soft tissue), far above lung density.
    const imaging::Vec3 idx = g.PhysicalToIndex({cx, cy, z});
    const float hu = ct.hu.at(std::lround(idx[0]), std::lround(idx[1]), c.slice);
    EXPECT_GT(hu, -300) << "slice " << c.slice;
  }
  // Outside the body is air.
  EXPECT_LT(ct.hu.at(0, 0, 0), -900);
}

class CohortFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("radfed-synth-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(CohortFilesTest, WritesReadableDicomAndTables) {
  CohortOptions options;
  options.site = "site-c";  // RLE-compressed site
  options.patients = 2;
  options.seed = 3;
  options.out = dir_;
  auto summary = GenerateCohort(options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->patients, 2);

  DcmRLEDecoderRegistration::registerCodecs();
  DcmFileFormat slice;
  ASSERT_TRUE(slice.loadFile((dir_ / "site-c-001/ct/0001.dcm").c_str()).good());
  DcmDataset* ds = slice.getDataset();
  EXPECT_EQ(ds->getOriginalXfer(), EXS_RLELossless);
  ASSERT_TRUE(ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr).good());
  Uint16 rows = 0;
  ASSERT_TRUE(ds->findAndGetUint16(DCM_Rows, rows).good());
  EXPECT_EQ(rows, SiteAcquisition("site-c").matrix);
  const Uint16* pixels = nullptr;
  ASSERT_TRUE(ds->findAndGetUint16Array(DCM_PixelData, pixels).good());
  EXPECT_LT(pixels[0], 124);  // air in the corner: below -900 HU with intercept -1024

  DcmFileFormat rt;
  ASSERT_TRUE(rt.loadFile((dir_ / "site-c-001/rtstruct.dcm").c_str()).good());
  OFString name;
  DcmItem* roi = nullptr;
  ASSERT_TRUE(rt.getDataset()->findAndGetSequenceItem(DCM_StructureSetROISequence, roi, 0).good());
  roi->findAndGetOFString(DCM_ROIName, name);
  EXPECT_EQ(name, "GTV");

  const std::string manifest = [&] {
    std::ifstream in(dir_ / "manifest.csv");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  EXPECT_EQ(manifest, "case_id,image,mask,roi\nsite-c-001,site-c-001/ct,site-c-001/rtstruct.dcm,GTV\n"
                      "site-c-002,site-c-002/ct,site-c-002/rtstruct.dcm,GTV\n");
  EXPECT_TRUE(std::filesystem::exists(dir_ / "clinical.csv"));
}

}  // namespace
}  // namespace radfed::synthetic
