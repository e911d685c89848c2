#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <limits>

#include "node/imaging/nifti_reader.h"
#include "node/imaging/nrrd_reader.h"
#include "node/imaging/standard_readers.h"

namespace radfed::imaging {
namespace {

const std::string kData = RADFED_TEST_DATA_DIR;

TEST(NiftiReaderTest, DigitalPhantomGeometryAndValues) {
  NiftiReader reader;
  auto image = reader.ReadImage(kData + "/ibsi/ibsi1_digital_phantom/nifti/image/phantom.nii.gz");
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->grid.size, (Index3{5, 4, 4}));
  EXPECT_EQ(image->grid.spacing, (Vec3{2, 2, 2}));
  // RAS affine with negative x and y steps is LPS identity.
  EXPECT_EQ(image->grid.direction[0], (Vec3{1, 0, 0}));
  EXPECT_EQ(image->grid.direction[1], (Vec3{0, 1, 0}));
  // First slice, in z-major order as the IBSI README gives it: [[1,4,4,1,1],[1,4,6,1,1],...].
  const float row0[5] = {1, 4, 4, 1, 1}, row1[5] = {1, 4, 6, 1, 1};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(image->at(i, 0, 0), row0[i]) << i;
    EXPECT_EQ(image->at(i, 1, 0), row1[i]) << i;
  }
  auto mask = reader.ReadMask(kData + "/ibsi/ibsi1_digital_phantom/nifti/mask/mask.nii.gz", "", image->grid);
  ASSERT_TRUE(mask.ok()) << mask.status().ToString();
  size_t inside = 0;
  for (auto v : mask->voxels) inside += v;
  EXPECT_EQ(inside, 74u);
}

TEST(NiftiReaderTest, CtPhantomAndItsMask) {
  NiftiReader reader;
  auto image = reader.ReadImage(kData + "/ibsi/ibsi1_ct_phantom/nifti/image/phantom.nii.gz");
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->grid.size, (Index3{204, 201, 60}));
  EXPECT_NEAR(image->grid.spacing[0], 0.977, 1e-6);
  EXPECT_NEAR(image->grid.origin[0], -174.3945, 1e-3);
  auto mask = reader.ReadMask(kData + "/ibsi/ibsi1_ct_phantom/nifti/mask/mask.nii.gz", "", image->grid);
  ASSERT_TRUE(mask.ok());
  size_t inside = 0;
  for (auto v : mask->voxels) inside += v;
  EXPECT_EQ(inside, 125256u);
}

TEST(NrrdReaderTest, DcmqiLiverLabelMap) {
  NrrdReader reader;
  const std::string path = kData + "/dicom/dcmqi_ct3slice_seg/liver_seg.nrrd";
  auto labels = reader.ReadImage(path);
  ASSERT_TRUE(labels.ok()) << labels.status().ToString();
  EXPECT_EQ(labels->grid.size, (Index3{512, 512, 3}));
  EXPECT_NEAR(labels->grid.spacing[0], 0.810547, 1e-6);
  EXPECT_NEAR(labels->grid.origin[2], -128.69, 1e-9);
  auto mask = reader.ReadMask(path, "", labels->grid);
  ASSERT_TRUE(mask.ok());
  size_t inside = 0;
  for (auto v : mask->voxels) inside += v;
  EXPECT_EQ(inside, 107098u);
}

class CorruptFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("radfed-readers-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }
  std::filesystem::path dir_;
};

TEST_F(CorruptFilesTest, ErrorsNameTheFileAndNeverCrash) {
  NiftiReader nifti;
  NrrdReader nrrd;
  const std::string phantom = [] {
    gzFile f = gzopen((kData + "/ibsi/ibsi1_digital_phantom/nifti/image/phantom.nii.gz").c_str(), "rb");
    std::string d(4096, '\0');
    const int n = gzread(f, d.data(), static_cast<unsigned>(d.size()));
    gzclose(f);
    d.resize(static_cast<size_t>(n));
    return d;
  }();
  for (size_t cut : {size_t{0}, size_t{100}, size_t{348}, phantom.size() - 1}) {
    auto r = nifti.ReadImage(Write("cut.nii", phantom.substr(0, cut)));
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_NE(r.status().message().find("cut.nii"), std::string::npos) << r.status().message();
  }
  std::string huge = phantom;
  const int16_t big = 30000;
  std::memcpy(huge.data() + 42, &big, 2);  // dim[1]
  std::memcpy(huge.data() + 44, &big, 2);  // dim[2]
  EXPECT_FALSE(nifti.ReadImage(Write("huge.nii", huge)).ok());
  EXPECT_FALSE(nifti.ReadImage(Write("garbage.nii.gz", "\x1f\x8b garbage")).ok());
  EXPECT_FALSE(nrrd.ReadImage(Write("bad.nrrd", "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nencoding: raw\n\nabc")).ok());
  EXPECT_FALSE(nrrd.ReadImage(Write("nottype.nrrd", "NRRD0004\ntype: quaternion\ndimension: 3\nsizes: 1 1 1\n\n")).ok());
  EXPECT_FALSE(nrrd.ReadImage(Write("plain.nrrd", "hello")).ok());
  auto gz = nrrd.ReadImage(Write("badgz.nrrd", "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nencoding: gzip\n\nnot gzip"));
  ASSERT_FALSE(gz.ok());
  EXPECT_NE(gz.status().message().find("badgz.nrrd"), std::string::npos);
}

// Spacings that are negative, nan or huge, and sizes whose product overflows int64, aborted or
// crashed the extraction after the reader accepted them.
TEST_F(CorruptFilesTest, NrrdGeometryIsChecked) {
  NrrdReader nrrd;
  auto nrrd_file = [&](const std::string& sizes, const std::string& spacings, size_t voxels) {
    return Write("geometry.nrrd", "NRRD0004\ntype: uchar\ndimension: " +
                                      std::to_string(std::count(sizes.begin(), sizes.end(), ' ') + 1) +
                                      "\nsizes: " + sizes + "\nspacings: " + spacings + "\nencoding: raw\n\n" +
                                      std::string(voxels, '\1'));
  };
  auto fine = nrrd.ReadImage(nrrd_file("2 2 2", "0.5 1 2", 8));
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_EQ(fine->grid.spacing, (Vec3{0.5, 1, 2}));
  // The leading list axis of a 4-D file has no spacing ("nan") and is dropped with its size.
  auto listed = nrrd.ReadImage(nrrd_file("1 2 2 2", "nan 0.5 1 2", 8));
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->grid.spacing, (Vec3{0.5, 1, 2}));
  for (const char* spacings : {"-1 -1 -1", "nan nan nan", "1e300 1e300 1e300", "1 0 1", "1 inf 1"}) {
    auto image = nrrd.ReadImage(nrrd_file("2 2 2", spacings, 8));
    ASSERT_FALSE(image.ok()) << spacings;
    EXPECT_NE(image.status().message().find("geometry.nrrd: voxel spacing"), std::string::npos)
        << image.status().message();
  }
  for (const char* spacings : {"1 1", "1 1 x"}) {
    auto image = nrrd.ReadImage(nrrd_file("2 2 2", spacings, 8));
    ASSERT_FALSE(image.ok()) << spacings;
    EXPECT_NE(image.status().message().find("'spacings'"), std::string::npos) << image.status().message();
  }
  auto overflow = nrrd.ReadImage(nrrd_file("4611686018427387905 4 1", "1 1 1", 16));
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.status().message().find("geometry.nrrd: 4611686018427387905x4x1 voxels are more than"),
            std::string::npos)
      << overflow.status().message();
  auto directions = nrrd.ReadImage(Write("directions.nrrd",
                                         "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 2 2 2\nspace: LPS\n"
                                         "space directions: (1e300,0,0) (0,1,0) (0,0,1)\nencoding: raw\n\n" +
                                             std::string(8, '\1')));
  ASSERT_FALSE(directions.ok());
  EXPECT_NE(directions.status().message().find("directions.nrrd: voxel spacing"), std::string::npos)
      << directions.status().message();
}

TEST_F(CorruptFilesTest, NiftiSpacingAndOriginAreChecked) {
  NiftiReader nifti;
  std::string header(352, '\0');
  auto put = [&](size_t at, auto v) { std::memcpy(header.data() + at, &v, sizeof v); };
  put(0, int32_t{348});
  const int16_t dim[8] = {3, 2, 2, 2, 1, 1, 1, 1};
  std::memcpy(header.data() + 40, dim, sizeof dim);
  put(70, int16_t{2});  // uint8
  put(108, 352.0f);     // vox_offset
  std::memcpy(header.data() + 344, "n+1\0", 4);
  auto with = [&](std::array<float, 3> pixdim, float origin_x) {
    for (int a = 0; a < 3; ++a) put(80 + 4 * static_cast<size_t>(a), pixdim[static_cast<size_t>(a)]);
    put(254, int16_t{1});  // sform: the affine's columns are the pixdims
    const float srow[3][4] = {{pixdim[0], 0, 0, origin_x}, {0, pixdim[1], 0, 0}, {0, 0, pixdim[2], 0}};
    std::memcpy(header.data() + 280, srow, sizeof srow);
    return nifti.ReadImage(Write("geometry.nii", header + std::string(8, '\1')));
  };
  auto fine = with({1, 2, 3}, 5);
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_EQ(fine->grid.spacing, (Vec3{1, 2, 3}));
  auto huge = with({1e30f, 1, 1}, 0);
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().find("geometry.nii: voxel spacing 1e+30 mm along axis 0"), std::string::npos)
      << huge.status().message();
  auto origin = with({1, 1, 1}, std::numeric_limits<float>::infinity());
  ASSERT_FALSE(origin.ok());
  EXPECT_NE(origin.status().message().find("geometry.nii: origin is not finite"), std::string::npos)
      << origin.status().message();
}

// Inputs that crashed a reader under libFuzzer (scripts/fuzz-smoke.sh) must give errors naming
// the file. negative-vox-offset.nii: a vox_offset of -5.5 wrapped the voxel bounds check.
TEST(NiftiReaderTest, FuzzFoundInputsGiveErrors) {
  NiftiReader reader;
  size_t inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kData + "/fuzz/nifti")) {
    SCOPED_TRACE(entry.path().string());
    auto image = reader.ReadImage(entry.path());
    ASSERT_FALSE(image.ok());
    EXPECT_NE(image.status().message().find(entry.path().filename().string()), std::string::npos)
        << image.status().message();
    ++inputs;
  }
  EXPECT_GE(inputs, 1u);
  auto negative = reader.ReadImage(kData + "/fuzz/nifti/negative-vox-offset.nii");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("voxel data offset -5.5"), std::string::npos) << negative.status().message();
}

TEST(StandardReadersTest, MaskOnAnotherGridIsRefused) {
  ReaderSet readers = StandardReaders();
  auto image = readers.ReadImage(kData + "/ibsi/ibsi1_digital_phantom/nifti/image/phantom.nii.gz");
  ASSERT_TRUE(image.ok());
  auto mask = readers.ReadMask(kData + "/dicom/dcmqi_ct3slice_seg/liver_seg.nrrd", "", image->grid);
  ASSERT_FALSE(mask.ok());
  EXPECT_NE(mask.status().message().find("does not match the image"), std::string::npos) << mask.status().message();
  EXPECT_FALSE(readers.ReadMask(kData + "/ibsi/ibsi1_digital_phantom/nifti/mask/mask.nii.gz", "7", image->grid).ok());
  EXPECT_FALSE(readers.ReadMask(kData + "/ibsi/ibsi1_digital_phantom/nifti/mask/mask.nii.gz", "GTV", image->grid).ok());
}

}  // namespace
}  // namespace radfed::imaging
