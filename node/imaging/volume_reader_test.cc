#include "node/imaging/volume_reader.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

namespace radfed::imaging {
namespace {

// A reader that recognises files ending in ".fake" and returns a 1-voxel image.
class FakeReader : public VolumeReader {
 public:
  std::string_view name() const override { return "Fake"; }
  bool CanRead(const std::filesystem::path& path) const override {
    return path.extension() == ".fake";
  }
  Result<Image> ReadImage(const std::filesystem::path&) const override {
    Grid g;
    g.size = {1, 1, 1};
    return Image(g, 7.0f);
  }
  Result<Mask> ReadMask(const std::filesystem::path&, std::string_view,
                        const Grid& reference) const override {
    return Mask(reference, 1);
  }
};

class ReaderSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("radfed_reader_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "a.fake") << "x";
    std::ofstream(dir_ / "b.unknown") << "x";
    set_.Add(std::make_unique<FakeReader>());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  ReaderSet set_;
};

TEST_F(ReaderSetTest, DispatchesToRecognisingReader) {
  auto image = set_.ReadImage(dir_ / "a.fake");
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->voxels.at(0), 7.0f);
}

TEST_F(ReaderSetTest, MissingFileIsNotFoundNamingThePath) {
  auto image = set_.ReadImage(dir_ / "missing.fake");
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().code(), StatusCode::kNotFound);
  EXPECT_NE(image.status().message().find("missing.fake"), std::string::npos);
}

TEST_F(ReaderSetTest, UnknownFormatListsKnownReaders) {
  Grid g;
  auto mask = set_.ReadMask(dir_ / "b.unknown", "", g);
  ASSERT_FALSE(mask.ok());
  EXPECT_EQ(mask.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(mask.status().message().find("Fake"), std::string::npos);
}

}  // namespace
}  // namespace radfed::imaging
