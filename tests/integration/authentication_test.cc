// Mutual TLS and identities with real processes: every kind of bad credential is refused with a
// clear message to the client and a line in the coordinator's log.
#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include "common/pki/certificate_authority.h"
#include "radfed/v1/study_service.grpc.pb.h"
#include "tests/support/federation.h"

namespace radfed::testing {
namespace {

class AuthenticationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    ASSERT_TRUE(fed_.StartCoordinator(&why)) << why;
  }

  // `radfed study list` with the given credentials (consortium CA to trust the server).
  RunResult ListStudies(const std::string& cert, const std::string& key) {
    return RunProgram(BinaryPath("radfed"),
                      {"study", "list", "--coordinator", fed_.address(), "--ca", (fed_.pki() / "ca.crt").string(),
                       "--cert", cert, "--key", key});
  }
  RunResult ListStudiesAs(const std::string& name) {
    return ListStudies((fed_.pki() / (name + ".crt")).string(), (fed_.pki() / (name + ".key")).string());
  }
  bool CoordinatorLogged(const std::string& text) {
    return WaitUntil([&] { return fed_.CoordinatorLog().find(text) != std::string::npos; },
                     std::chrono::seconds(10));
  }

  Federation fed_{{"site-a", "site-b", "site-c"}};
};

TEST_F(AuthenticationTest, OperatorIsAccepted) {
  auto r = ListStudiesAs("op");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(AuthenticationTest, ClientWithoutCertificateIsRefused) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(fed_.pki() / "ca.crt");
  auto stub = v1::StudyService::NewStub(grpc::CreateChannel(fed_.address(), grpc::SslCredentials(tls)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::ListStudiesResponse response;
  grpc::Status s = stub->ListStudies(&context, v1::ListStudiesRequest(), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  EXPECT_NE(s.error_message().find("no client certificate presented"), std::string::npos) << s.error_message();
  EXPECT_TRUE(CoordinatorLogged("refused connection from a client without a certificate"));
}

TEST_F(AuthenticationTest, CertificateFromAnotherCaIsRefused) {
  const auto other = fed_.dir() / "other-ca";
  ASSERT_EQ(RunProgram(BinaryPath("radfed"), {"pki", "init", "--dir", other.string()}).exit_code, 0);
  ASSERT_EQ(RunProgram(BinaryPath("radfed"), {"pki", "issue", "--dir", other.string(), "--name", "mallory",
                                              "--role", "operator"})
                .exit_code,
            0);
  auto r = ListStudies((other / "mallory.crt").string(), (other / "mallory.key").string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("was not issued by the consortium CA"), std::string::npos) << r.output;
  EXPECT_TRUE(CoordinatorLogged("refused connection from CN=mallory"));
}

TEST_F(AuthenticationTest, RevokedCertificateIsRefusedAfterCrlReload) {
  fed_.Issue("op2", "operator");
  ASSERT_EQ(ListStudiesAs("op2").exit_code, 0);
  ASSERT_EQ(RunProgram(BinaryPath("radfed"), {"pki", "revoke", "--dir", fed_.pki().string(), "--name", "op2"}).exit_code, 0);
  fed_.coordinator()->Signal(SIGHUP);
  ASSERT_TRUE(CoordinatorLogged("CRL reloaded"));
  auto r = ListStudiesAs("op2");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("certificate of op2 (operator, serial"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("was revoked on"), std::string::npos) << r.output;
  EXPECT_TRUE(CoordinatorLogged("refused connection from CN=op2"));
  // Other operators are unaffected.
  EXPECT_EQ(ListStudiesAs("op").exit_code, 0);
}

TEST_F(AuthenticationTest, ExpiredCertificateIsRefused) {
  auto ca = pki::CertificateAuthority::Open(fed_.pki());
  ASSERT_TRUE(ca.ok());
  const std::time_t now = std::time(nullptr);
  pki::IssueRequest request;
  request.name = "old-op";
  request.role = pki::Role::kOperator;
  request.not_before = now - 30 * 86400;
  request.not_after = now - 86400;
  ASSERT_TRUE(ca->Issue(request).ok());
  auto r = ListStudiesAs("old-op");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("expired on"), std::string::npos) << r.output;
  EXPECT_TRUE(CoordinatorLogged("refused connection from CN=old-op"));
}

TEST_F(AuthenticationTest, NodeCertificateCannotActAsOperator) {
  auto run = fed_.RunStudy("name: x\ntype: statistics\ncolumns: [age]\n", "site-a");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("'site-a' holds a node certificate; this service needs an operator certificate"),
            std::string::npos)
      << run.output;
  EXPECT_TRUE(CoordinatorLogged("refused call by site-a (node certificate)"));
}

TEST_F(AuthenticationTest, OperatorCertificateCannotJoinAsASite) {
  fed_.AddSite("op", "patient_id,age\np1,50\n", "patient_id");  // a node config using op.crt
  ASSERT_TRUE(fed_.StartNode("op"));
  EXPECT_TRUE(CoordinatorLogged("refused call by op (operator certificate)"));
  EXPECT_TRUE(WaitUntil([&] {
    return fed_.NodeLog("op").find("holds an operator certificate; this service needs a node certificate") !=
           std::string::npos;
  }, std::chrono::seconds(10))) << fed_.NodeLog("op");
}

TEST_F(AuthenticationTest, SiteNotOnTheRosterIsRefused) {
  fed_.Issue("site-x", "node");
  fed_.AddSite("site-x", "patient_id,age\np1,50\n", "patient_id");
  ASSERT_TRUE(fed_.StartNode("site-x"));
  EXPECT_TRUE(CoordinatorLogged("site 'site-x' is not in this consortium's roster"));
  EXPECT_TRUE(WaitUntil([&] { return fed_.NodeLog("site-x").find("refused this node") != std::string::npos; },
                        std::chrono::seconds(10)))
      << fed_.NodeLog("site-x");
}

TEST_F(AuthenticationTest, RevokedSiteIsDisconnectedOnReload) {
  auto split = SplitLungBySite();
  fed_.AddSite("site-c", split["site-c"], "patient_id");
  ASSERT_TRUE(fed_.StartNode("site-c"));
  ASSERT_TRUE(fed_.WaitConnected("site-c"));
  ASSERT_EQ(RunProgram(BinaryPath("radfed"), {"pki", "revoke", "--dir", fed_.pki().string(), "--name", "site-c"}).exit_code, 0);
  fed_.coordinator()->Signal(SIGHUP);
  EXPECT_TRUE(CoordinatorLogged("site-c disconnected: its certificate is no longer valid"));
  EXPECT_TRUE(WaitUntil([&] { return fed_.NodeLog("site-c").find("was revoked on") != std::string::npos; },
                        std::chrono::seconds(15)))
      << fed_.NodeLog("site-c");
}

}  // namespace
}  // namespace radfed::testing
