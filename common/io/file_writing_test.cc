#include "common/io/file_writing.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace radfed::io {
namespace {

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class FileWritingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("radfed-io-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(FileWritingTest, AtomicWriteReplacesAndLeavesNoTemporaryFiles) {
  const auto path = dir_ / "table.csv";
  ASSERT_TRUE(WriteFileAtomic(path, "old\n").ok());
  ASSERT_TRUE(WriteFileAtomic(path, "new\n", 0600).ok());
  EXPECT_EQ(Read(path), "new\n");
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator()), 1);
}

TEST_F(FileWritingTest, ConcurrentWritersOfOnePathNeverMixTheirContent) {
  const auto path = dir_ / "shared";
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int k = 0; k < 20; ++k) EXPECT_TRUE(WriteFileAtomic(path, std::string(1000, static_cast<char>('a' + t))).ok());
    });
  }
  for (auto& w : writers) w.join();
  const std::string content = Read(path);
  ASSERT_EQ(content.size(), 1000u);
  EXPECT_EQ(content, std::string(1000, content[0]));
}

TEST_F(FileWritingTest, NewFileRefusesToOverwriteAndAtomicWriteNamesAMissingDirectory) {
  const auto path = dir_ / "ca.key";
  ASSERT_TRUE(WriteNewFile(path, "secret", 0600).ok());
  const Status again = WriteNewFile(path, "other", 0600);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Read(path), "secret");
  const Status missing = WriteFileAtomic(dir_ / "no-such-dir" / "x", "data");
  EXPECT_EQ(missing.code(), StatusCode::kIoError);
  EXPECT_NE(missing.message().find("no-such-dir"), std::string::npos);
}

TEST_F(FileWritingTest, RacingCreatorsOfANewFileHaveOneWinnerAndNoReaderSeesAPartialFile) {
  const auto path = dir_ / "pseudonym.key";
  std::atomic<int> winners{0};
  std::atomic<int> partial_reads{0};
  std::vector<std::thread> creators;
  for (int t = 0; t < 8; ++t) {
    creators.emplace_back([&, t] {
      const Status s = WriteNewFile(path, std::string(100000, static_cast<char>('a' + t)), 0600);
      if (s.ok()) {
        ++winners;
      } else {
        EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
        if (Read(path).size() != 100000) ++partial_reads;
      }
    });
  }
  for (auto& c : creators) c.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(partial_reads.load(), 0);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator()), 1)
      << "no temporary file is left behind";
}

}  // namespace
}  // namespace radfed::io
