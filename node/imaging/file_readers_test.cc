#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <fstream>

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
