// radfed-coordinator refuses to start on bad credentials or an unusable address with exit code 1
// and a message naming the problem: never a crash, never a half-started server.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/federation.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

class CoordinatorStartupTest : public ::testing::Test {
 protected:
  // Runs the coordinator on a config with `listen` and the federation's credentials; a
  // coordinator that came up would run until the timeout and fail the exit-code check.
  RunResult Start(const std::string& listen = "127.0.0.1:0") {
    const auto config = fed_.dir() / "startup.yaml";
    WriteFile(config, "listen: " + listen + "\n" +
                          "tls: {ca: pki/ca.crt, cert: pki/coordinator.crt, key: pki/coordinator.key,"
                          " crl: pki/ca.crl}\n"
                          "roster: [site-a]\nstate_dir: startup-state\naudit_log: startup-state/audit.log\n");
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

}  // namespace
}  // namespace radfed::testing
