#include "coordinator/study_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace radfed::coordinator {
namespace {

class StudyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("radfed-store-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

StoredStudy Sample(const std::string& id) {
  StoredStudy s;
  s.id = id;
  s.spec_yaml = "name: x\n";
  s.spec_source = "x.yaml";
  s.status.set_study_id(id);
  s.status.set_state(v1::STUDY_STATE_RUNNING);
  s.plan_state = {{"phase", 1}};
  return s;
}

TEST_F(StudyStoreTest, InsertUpdateAndReloadAfterReopen) {
  {
    auto store = StudyStore::Open(dir_ / "c.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Insert(Sample("st-1")).ok());
    ASSERT_TRUE((*store)->Insert(Sample("st-2")).ok());
    StoredStudy s = Sample("st-1");
    s.completed_rounds = 3;
    s.attempts_started = 5;
    s.refused = {{"site-c", "too few rows"}};
    s.status.set_state(v1::STUDY_STATE_COMPLETED);
    ASSERT_TRUE((*store)->Update(s).ok());
  }
  auto store = StudyStore::Open(dir_ / "c.db");
  ASSERT_TRUE(store.ok());
  auto all = (*store)->LoadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, "st-1");
  EXPECT_EQ((*all)[0].completed_rounds, 3u);
  EXPECT_EQ((*all)[0].attempts_started, 5u);
  EXPECT_EQ((*all)[0].refused["site-c"], "too few rows");
  EXPECT_EQ((*all)[0].status.state(), v1::STUDY_STATE_COMPLETED);
  EXPECT_EQ((*all)[1].plan_state["phase"], 1);
}

TEST_F(StudyStoreTest, FailingExtraStatementRollsBackTheUpdate) {
  auto store = StudyStore::Open(dir_ / "c.db");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Insert(Sample("st-1")).ok());
  StoredStudy s = Sample("st-1");
  s.completed_rounds = 9;
  Status failed = (*store)->Update(s, [](sqlite3*) { return Status::IoError("audit write failed"); });
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  auto all = (*store)->LoadAll();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)[0].completed_rounds, 0u);
}

TEST_F(StudyStoreTest, UpdatingAnUnknownStudyIsNotFound) {
  auto store = StudyStore::Open(dir_ / "c.db");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Update(Sample("nope")).code(), StatusCode::kNotFound);
}

TEST_F(StudyStoreTest, UnopenablePathNamesTheFile) {
  auto store = StudyStore::Open(dir_ / "missing-dir" / "c.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("missing-dir/c.db"), std::string::npos);
}

}  // namespace
}  // namespace radfed::coordinator
