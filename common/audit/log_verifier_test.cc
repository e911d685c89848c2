#include "common/audit/log_verifier.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "common/audit/audit_chain.h"
#include "common/pki/certificate_authority.h"

namespace radfed::audit {
namespace {

class LogVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("radfed-audit-" + std::to_string(getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    ASSERT_TRUE(pki::CertificateAuthority::Init(dir_).ok());
    auto ca = pki::CertificateAuthority::Open(dir_);
    ASSERT_TRUE(ca->Issue({"coordinator", pki::Role::kCoordinator, 30, {"localhost"}, {}, {}}).ok());
    ASSERT_TRUE(ca->Issue({"site-a", pki::Role::kNode, 30, {}, {}, {}}).ok());
    ASSERT_TRUE(ca->Issue({"other-coordinator", pki::Role::kCoordinator, 30, {"localhost"}, {}, {}}).ok());
    signer_ = std::make_unique<pki::Signer>(*pki::Signer::Load(dir_ / "coordinator.key", dir_ / "coordinator.crt"));
    // A realistic log: opened, a study, a round with a masked input.
    std::vector<AuditEvent> events{
        {"log_opened", "", 0, "", {{"certificate", signer_->certificate_pem()}}},
        {"study_submitted", "st-1", 0, "", {{"spec_sha256", "ab"}, {"operator", "op"}}},
        {"round_started", "st-1", 1, "", {{"attempt", 1}}},
        {"masked_input", "st-1", 1, "site-a", {{"attempt", 1}, {"sha256", "dd"}}},
        {"round_completed", "st-1", 1, "", {{"attempt", 1}, {"aggregate_sha256", "ee"}}},
        {"study_completed", "st-1", 1, "", {{"result_sha256", "ff"}}},
    };
    auto entries = Seal(events, &head_, *signer_);
    ASSERT_TRUE(entries.ok()) << entries.status().ToString();
    for (const AuditEntry& e : *entries) lines_.push_back(e.ToLine());
    options_.ca = dir_ / "ca.crt";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  VerificationReport Verify(const std::vector<std::string>& lines) {
    auto report = VerifyAuditLines(lines, options_);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return *report;
  }
  void ExpectFault(const std::vector<std::string>& lines, FaultKind kind, uint64_t seq) {
    const VerificationReport r = Verify(lines);
    ASSERT_FALSE(r.intact()) << "tampering was not detected";
    EXPECT_EQ(FaultKindName(r.fault->kind), FaultKindName(kind)) << r.fault->message;
    EXPECT_EQ(r.fault->seq, seq) << r.fault->message;
  }
  Receipt MakeReceipt(uint64_t head_seq, const std::string& head_hash) {
    auto site = pki::Signer::Load(dir_ / "site-a.key", dir_ / "site-a.crt");
    Receipt r{"st-1", 1, 1, "site-a", "dd", head_seq, head_hash, UtcNow(), site->certificate_pem(), ""};
    r.signature = pki::ToHex(*site->Sign(r.SignedBytes()));
    return r;
  }

  std::filesystem::path dir_;
  std::unique_ptr<pki::Signer> signer_;
  ChainHead head_;
  std::vector<std::string> lines_;
  VerifyOptions options_;
};

TEST_F(LogVerifierTest, IntactLogVerifies) {
  const VerificationReport r = Verify(lines_);
  EXPECT_TRUE(r.intact()) << r.fault->message;
  EXPECT_EQ(r.entries, 6u);
}

TEST_F(LogVerifierTest, ChangedEntryIsNamed) {
  auto lines = lines_;
  lines[3].replace(lines[3].find("\"dd\""), 4, "\"d0\"");  // the masked-input digest
  ExpectFault(lines, FaultKind::kChanged, 3);
}

TEST_F(LogVerifierTest, ChangedEntryWithRecomputedHashIsAForgedSignature) {
  auto e = *AuditEntry::FromLine(lines_[1]);
  e.details["operator"] = "mallory";
  e.hash = e.ComputeHash();
  auto lines = lines_;
  lines[1] = e.ToLine();
  ExpectFault(lines, FaultKind::kForgedSignature, 1);
}

TEST_F(LogVerifierTest, RemovedEntryIsNamed) {
  auto lines = lines_;
  lines.erase(lines.begin() + 2);
  ExpectFault(lines, FaultKind::kRemoved, 2);
}

TEST_F(LogVerifierTest, ReorderedEntriesAreNamed) {
  auto lines = lines_;
  std::swap(lines[3], lines[4]);
  ExpectFault(lines, FaultKind::kReordered, 3);
}

TEST_F(LogVerifierTest, InsertedDuplicateIsNamed) {
  auto lines = lines_;
  lines.insert(lines.begin() + 4, lines[2]);
  ExpectFault(lines, FaultKind::kInserted, 2);
}

TEST_F(LogVerifierTest, InsertedFabricatedEntryIsAForgery) {
  // A well-formed entry at the right place, hashed correctly, signed by another coordinator key.
  auto other = pki::Signer::Load(dir_ / "other-coordinator.key", dir_ / "other-coordinator.crt");
  ChainHead head{3, AuditEntry::FromLine(lines_[2])->hash};
  auto fake = Seal({{"masked_input", "st-1", 1, "site-b", {{"attempt", 1}, {"sha256", "00"}}}}, &head, *other);
  auto lines = lines_;
  lines.insert(lines.begin() + 3, (*fake)[0].ToLine());
  ExpectFault(lines, FaultKind::kForgedSignature, 3);
}

TEST_F(LogVerifierTest, ReplacedEntryBreaksTheLinkOfItsSuccessor) {
  // Entry 2 replaced by a validly signed entry with the same number from another chain.
  ChainHead head{2, AuditEntry::FromLine(lines_[1])->hash};
  auto other = Seal({{"round_started", "st-1", 1, "", {{"attempt", 9}}}}, &head, *signer_);
  auto lines = lines_;
  lines[2] = (*other)[0].ToLine();
  ExpectFault(lines, FaultKind::kChanged, 2);
}

TEST_F(LogVerifierTest, GarbageLineIsChanged) {
  auto lines = lines_;
  lines[4] = "{not json";
  ExpectFault(lines, FaultKind::kChanged, 4);
}

TEST_F(LogVerifierTest, ReceiptsExposeTruncationAndRewrites) {
  const std::string head_hash = AuditEntry::FromLine(lines_[2])->hash;
  options_.receipts = {MakeReceipt(2, head_hash)};
  EXPECT_TRUE(Verify(lines_).intact());
  // The coordinator truncates its log before the round: the site's receipt shows it.
  std::vector<std::string> truncated(lines_.begin(), lines_.begin() + 2);
  ExpectFault(truncated, FaultKind::kTruncated, 2);
  // Truncated after the head but before the masked input was recorded.
  std::vector<std::string> cut(lines_.begin(), lines_.begin() + 3);
  ExpectFault(cut, FaultKind::kRemoved, 2);
  // A receipt whose head hash differs: the log was rewritten there.
  options_.receipts = {MakeReceipt(2, std::string(64, 'a'))};
  ExpectFault(lines_, FaultKind::kChanged, 2);
}

TEST_F(LogVerifierTest, ForgedReceiptIsRejected) {
  Receipt r = MakeReceipt(2, AuditEntry::FromLine(lines_[2])->hash);
  r.masked_input_sha256 = "ee";  // altered after signing
  options_.receipts = {r};
  ExpectFault(lines_, FaultKind::kBadReceipt, 2);
}

TEST_F(LogVerifierTest, EntriesSignedAfterRevocationAreForged) {
  auto ca = pki::CertificateAuthority::Open(dir_);
  ASSERT_TRUE(ca->Revoke("coordinator", std::time(nullptr) - 3600).ok());
  options_.crl = dir_ / "ca.crl";
  const VerificationReport r = Verify(lines_);
  ASSERT_FALSE(r.intact());
  EXPECT_EQ(r.fault->kind, FaultKind::kForgedSignature);
  EXPECT_NE(r.fault->message.find("revoked"), std::string::npos);
  // Revoked only in the future relative to the entries: still valid.
  options_.crl.clear();
  EXPECT_TRUE(Verify(lines_).intact());
}

TEST_F(LogVerifierTest, ReceiptRoundTripsThroughFiles) {
  const Receipt r = MakeReceipt(2, AuditEntry::FromLine(lines_[2])->hash);
  ASSERT_TRUE(StoreReceipt(dir_ / "receipts", r).ok());
  auto loaded = LoadReceipts(dir_ / "receipts");
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ((*loaded)[0].SignedBytes(), r.SignedBytes());
  EXPECT_EQ(LoadReceipts(dir_ / "nope").status().code(), StatusCode::kNotFound);
}

TEST_F(LogVerifierTest, EmptyLogIsNotIntact) {
  ExpectFault({}, FaultKind::kRemoved, 0);
  const auto empty = dir_ / "empty.log";
  std::ofstream(empty).close();
  auto report = VerifyAuditLog(empty, options_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->intact());
  EXPECT_FALSE(VerifyAuditLog(dir_, options_).ok());  // a directory is not a log
}

// A log signed by the coordinator's key, but whose entries carry fields of unexpected types (a
// compromised or buggy coordinator): a verdict, never an exception.
TEST_F(LogVerifierTest, WrongTypedDetailsAreFaultsNotCrashes) {
  const nlohmann::json certificate = signer_->certificate_pem();
  const std::vector<std::pair<nlohmann::json, nlohmann::json>> variants{
      {{{"certificate", 42}}, {{"attempt", 1}, {"sha256", "dd"}}},
      {{{"certificate", certificate}}, {{"attempt", "one"}, {"sha256", 7}}},
      {{{"certificate", certificate}}, {{"attempt", -1}, {"sha256", nullptr}}},
  };
  for (const auto& [opened, masked] : variants) {
    SCOPED_TRACE(masked.dump());
    ChainHead head;
    auto entries = Seal({{"log_opened", "", 0, "", opened}, {"masked_input", "st-1", 1, "site-a", masked}}, &head,
                        *signer_);
    ASSERT_TRUE(entries.ok());
    std::vector<std::string> lines;
    for (const AuditEntry& e : *entries) lines.push_back(e.ToLine());
    options_.receipts = {MakeReceipt(1, head.hash)};
    EXPECT_FALSE(Verify(lines).intact());
  }
  auto array_details = nlohmann::json::parse(lines_[1]);
  array_details["details"] = nlohmann::json::array({1, 2});
  EXPECT_FALSE(AuditEntry::FromLine(array_details.dump()).ok());
}

TEST_F(LogVerifierTest, DeeplyNestedLineIsChangedNotACrash) {
  auto lines = lines_;
  lines[2] = "{\"details\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  ExpectFault(lines, FaultKind::kChanged, 2);
}

}  // namespace
}  // namespace radfed::audit
