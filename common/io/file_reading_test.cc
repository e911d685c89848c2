#include "common/io/file_reading.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace radfed::io {
namespace {

TEST(FileReadingTest, ReadsBytesAndNamesMissingFilesAndDirectories) {
  const auto dir = std::filesystem::temp_directory_path() / ("radfed-read-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.bin", std::ios::binary) << std::string("x\0y", 3);
  EXPECT_EQ(*ReadFile(dir / "a.bin"), std::string("x\0y", 3));
  EXPECT_EQ(ReadFile(dir / "missing").status().message(), (dir / "missing").string() + ": cannot open file");
  // std::ifstream opens a directory and reads nothing: without the check it passed as empty.
  EXPECT_EQ(ReadFile(dir).status().message(), dir.string() + ": a directory, not a file");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace radfed::io
