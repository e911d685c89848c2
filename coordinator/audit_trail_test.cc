// AuditTrail's start-up synchronisation of the log file: it repairs only its own torn append and
// never touches a file that is not its log.
#include "coordinator/audit_trail.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "common/pki/certificate_authority.h"

namespace radfed::coordinator {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class AuditTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("radfed-trail-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(pki::CertificateAuthority::Init(dir_ / "pki").ok());
    ASSERT_TRUE(pki::CertificateAuthority::Open(dir_ / "pki")
                    ->Issue({"coordinator", pki::Role::kCoordinator, 30, {"localhost"}, {}, {}})
                    .ok());
    store_ = std::move(*StudyStore::Open(dir_ / "coordinator.db"));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Result<std::unique_ptr<AuditTrail>> Open(const std::filesystem::path& file) {
    RADFED_ASSIGN_OR_RETURN(pki::Signer signer,
                            pki::Signer::Load(dir_ / "pki" / "coordinator.key", dir_ / "pki" / "coordinator.crt"));
    return AuditTrail::Open(store_.get(), file, std::move(signer));
  }

  std::filesystem::path dir_;
  std::unique_ptr<StudyStore> store_;
};

TEST_F(AuditTrailTest, TornFinalLineOfItsOwnAppendIsRepaired) {
  const auto log = dir_ / "audit.log";
  ASSERT_TRUE(Open(log).ok());
  const std::string first = ReadAll(log);
  ASSERT_TRUE(Open(log).ok());  // a second start appends coordinator_started
  const std::string both = ReadAll(log);
  // A crash half-way through writing the second entry.
  WriteAll(log, both.substr(0, first.size() + 40));
  auto reopened = Open(log);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(ReadAll(log).substr(0, both.size()), both);
}

TEST_F(AuditTrailTest, FileThatIsNotItsLogIsRefusedAndLeftUntouched) {
  const auto notes = dir_ / "notes.txt";
  // Two complete lines and one without its newline: truncating "torn" lines would destroy it.
  const std::string text = "patient list, do not delete\nline two\nlast line without newline";
  WriteAll(notes, text);
  auto opened = Open(notes);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find(notes.string()), std::string::npos) << opened.status().message();
  EXPECT_EQ(ReadAll(notes), text);

  // With a log already in the database, a single foreign fragment is not a torn entry either.
  ASSERT_TRUE(Open(dir_ / "audit.log").ok());
  WriteAll(notes, "no newline");
  EXPECT_FALSE(Open(notes).ok());
  EXPECT_EQ(ReadAll(notes), "no newline");
}

TEST_F(AuditTrailTest, DirectoryOrPathBelowAFileIsRefusedAtOpen) {
  std::filesystem::create_directories(dir_ / "a-directory");
  auto directory = Open(dir_ / "a-directory");
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find("not a regular file"), std::string::npos) << directory.status().message();

  WriteAll(dir_ / "plain-file", "x");
  auto below = Open(dir_ / "plain-file" / "audit.log");
  ASSERT_FALSE(below.ok());
  EXPECT_NE(below.status().message().find("plain-file"), std::string::npos) << below.status().message();
}

}  // namespace
}  // namespace radfed::coordinator
