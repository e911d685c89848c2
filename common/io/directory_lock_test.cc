#include "common/io/directory_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>

namespace radfed::io {
namespace {

class DirectoryLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("radfed-lock-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // Whether another process can take the lock now (flock locks are per open file, so a child is
  // the honest test of what a second coordinator would see).
  bool OtherProcessGetsIt() {
    const pid_t child = fork();
    if (child == 0) _exit(DirectoryLock::Acquire(dir_, "test").ok() ? 0 : 1);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  std::filesystem::path dir_;
};

TEST_F(DirectoryLockTest, SecondHolderIsRefusedUntilTheFirstLetsGo) {
  std::optional<DirectoryLock> held;
  {
    auto lock = DirectoryLock::Acquire(dir_, "radfed-coordinator");
    ASSERT_TRUE(lock.ok()) << lock.status().ToString();
    held.emplace(std::move(*lock));
  }
  EXPECT_FALSE(OtherProcessGetsIt());
  held.reset();
  EXPECT_TRUE(OtherProcessGetsIt());
}

TEST_F(DirectoryLockTest, RefusalNamesDirectoryProgramAndHolder) {
  auto lock = DirectoryLock::Acquire(dir_, "radfed-coordinator");
  ASSERT_TRUE(lock.ok());
  // A second open file description in this process conflicts like another process would.
  auto second = DirectoryLock::Acquire(dir_, "radfed-coordinator");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(), dir_.string() + ": another radfed-coordinator is using this state directory (process " +
                                           std::to_string(getpid()) + ")");
}

}  // namespace
}  // namespace radfed::io
