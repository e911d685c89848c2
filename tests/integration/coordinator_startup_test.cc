// radfed-coordinator refuses to start on bad credentials or an unusable address with exit code 1
// and a message naming the problem: never a crash, never a half-started server.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <string>

#include "common/pki/certificate_authority.h"
#include "tests/support/federation.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

class CoordinatorStartupTest : public ::testing::Test {
 protected:
  // Runs the coordinator on a config with `listen` and the federation's credentials; a
  // coordinator that came up would run until the timeout and fail the exit-code check.
  RunResult Start(const std::string& listen = "127.0.0.1:0", const std::string& identity = "coordinator",
                  const std::string& audit_log = "startup-state/audit.log") {
    const auto config = fed_.dir() / "startup.yaml";
    WriteFile(config, "listen: " + listen + "\n" +
                          "tls: {ca: pki/ca.crt, cert: pki/" + identity + ".crt, key: pki/" + identity + ".key,"
                          " crl: pki/ca.crl}\n"
                          "roster: [site-a]\nstate_dir: startup-state\naudit_log: " + audit_log + "\n");
    return RunProgram(BinaryPath("radfed-coordinator"), {"--config", config.string()},
                      std::chrono::seconds(20));
  }

  Federation fed_{{"site-a"}};
};

TEST_F(CoordinatorStartupTest, CorruptCaCertificateIsNamed) {
  WriteFile(fed_.pki() / "ca.crt", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
  const RunResult run = Start();
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("ca.crt"), std::string::npos) << run.output;
}

TEST_F(CoordinatorStartupTest, MissingPrivateKeyIsNamed) {
  std::filesystem::remove(fed_.pki() / "coordinator.key");
  const RunResult run = Start();
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("coordinator.key"), std::string::npos) << run.output;
}

TEST_F(CoordinatorStartupTest, AddressThatCannotBeBoundIsNamed) {
  // TEST-NET-1 (RFC 5737) is on no interface of this machine.
  const RunResult run = Start("192.0.2.1:7443");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("cannot listen on 192.0.2.1:7443"), std::string::npos) << run.output;
}

TEST_F(CoordinatorStartupTest, PortOutsideTheRangeIsNamedNotWrapped) {
  const RunResult run = Start("127.0.0.1:70000");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("key 'listen': expected HOST:PORT, got '127.0.0.1:70000'"), std::string::npos) << run.output;
}

TEST_F(CoordinatorStartupTest, PortInUseIsNamed) {
  // The federation's own coordinator holds its port; gRPC's default SO_REUSEPORT would let a
  // second one bind it too.
  ASSERT_TRUE(fed_.StartCoordinator());
  const RunResult run = Start(fed_.address());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("cannot listen on " + fed_.address()), std::string::npos) << run.output;
}

TEST_F(CoordinatorStartupTest, SecondCoordinatorOnOneStateDirectoryIsRefused) {
  ASSERT_TRUE(fed_.StartCoordinator());
  const auto config = fed_.dir() / "second.yaml";
  WriteFile(config, "listen: 127.0.0.1:0\n"
                    "tls: {ca: pki/ca.crt, cert: pki/coordinator.crt, key: pki/coordinator.key, crl: pki/ca.crl}\n"
                    "roster: [site-a]\nstate_dir: coord-state\naudit_log: coord-state/audit.log\n");
  const RunResult run = RunProgram(BinaryPath("radfed-coordinator"), {"--config", config.string()},
                                   std::chrono::seconds(20));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("another radfed-coordinator is using this state directory"), std::string::npos)
      << run.output;
}

TEST_F(CoordinatorStartupTest, ExpiredOwnCertificateIsNamed) {
  auto ca = pki::CertificateAuthority::Open(fed_.pki());
  ASSERT_TRUE(ca.ok());
  const std::time_t now = std::time(nullptr);
  ASSERT_TRUE(ca->Issue({"old-coordinator", pki::Role::kCoordinator, 30, {"localhost"}, now - 30 * 86400, now - 86400})
                  .ok());
  const RunResult run = Start("127.0.0.1:0", "old-coordinator");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("old-coordinator.crt: this process's own certificate is not usable"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("expired on"), std::string::npos) << run.output;
}

TEST_F(CoordinatorStartupTest, SiteCertificateCannotRunTheCoordinator) {
  const RunResult run = Start("127.0.0.1:0", "site-a");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("site-a.crt: a node certificate ('site-a'); the coordinator needs one issued with"),
            std::string::npos)
      << run.output;
}

TEST_F(CoordinatorStartupTest, AuditLogThatIsADirectoryIsNamed) {
  std::filesystem::create_directories(fed_.dir() / "a-directory");
  const RunResult run = Start("127.0.0.1:0", "coordinator", "a-directory");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("a-directory: not a regular file; the audit log must be one"), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace radfed::testing
