#include "node/cohort/csv_table.h"

#include <gtest/gtest.h>

namespace radfed::cohort {
namespace {

TEST(CsvTableTest, ParsesQuotedFieldsAndCrlf) {
  auto t = CsvTable::Parse("\"id\",\"name\",age\r\n1,\"Smith, J\",70\r\n2,\"say \"\"hi\"\"\",\r\n", "x.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->column_names(), (std::vector<std::string>{"id", "name", "age"}));
  ASSERT_EQ(t->row_count(), 2u);
  EXPECT_EQ(t->cell(0, 1), "Smith, J");
  EXPECT_EQ(t->cell(1, 1), "say \"hi\"");
  EXPECT_EQ(t->cell(1, 2), "");
}

TEST(CsvTableTest, QuotedNewlineStaysInField) {
  auto t = CsvTable::Parse("a,b\n\"line1\nline2\",3\n4,5", "x.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->row_count(), 2u);
  EXPECT_EQ(t->cell(0, 0), "line1\nline2");
  EXPECT_EQ(t->cell(1, 1), "5");
}

TEST(CsvTableTest, SkipsBomAndBlankLines) {
  auto t = CsvTable::Parse("\xEF\xBB\xBFid,v\n\n1,2\n\n", "x.csv");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->column_names()[0], "id");
  EXPECT_EQ(t->row_count(), 1u);
}

TEST(CsvTableTest, RaggedRowNamesFileAndLine) {
  auto t = CsvTable::Parse("a,b\n1,2\n3\n", "clinical.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "clinical.csv: line 3: 1 fields, the header has 2");
}

TEST(CsvTableTest, UnclosedQuoteIsAnError) {
  auto t = CsvTable::Parse("a,b\n\"1,2\n", "x.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("not closed"), std::string::npos);
}

TEST(CsvTableTest, DuplicateHeaderIsAnError) {
  auto t = CsvTable::Parse("a,a\n1,2\n", "x.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("appears twice"), std::string::npos);
}

TEST(CsvTableTest, MissingFileIsNotFound) {
  auto t = CsvTable::ReadFile("/nonexistent/radfed.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_NE(t.status().message().find("/nonexistent/radfed.csv"), std::string::npos);
}

TEST(CsvTableTest, ReadsRealLungTable) {
  auto t = CsvTable::ReadFile(RADFED_TEST_DATA_DIR "/outcomes/r_survival/lung.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->row_count(), 228u);
  EXPECT_EQ(t->column_names().size(), 10u);
  EXPECT_EQ(t->column_names()[5], "ph.ecog");
}

}  // namespace
}  // namespace radfed::cohort
