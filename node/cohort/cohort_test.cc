#include "node/cohort/cohort.h"

#include <gtest/gtest.h>

#include <cmath>

namespace radfed::cohort {
namespace {

CsvTable Table(const std::string& text, const std::string& name) {
  auto t = CsvTable::Parse(text, name);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return *t;
}

TEST(CohortTest, InnerJoinOnKeysAndCountsUnmatched) {
  auto features = Table("case,volume\nc1,10\nc2,20\nc3,30\n", "features.csv");
  auto clinical = Table("patient,age,sex\nc3,60,1\nc1,70,2\nc9,80,1\n", "clinical.csv");
  auto cohort = Cohort::Join({features, clinical}, {"case", "patient"});
  ASSERT_TRUE(cohort.ok()) << cohort.status().ToString();
  EXPECT_EQ(cohort->row_count(), 2u);
  EXPECT_EQ(cohort->column_names(), (std::vector<std::string>{"case", "volume", "age", "sex"}));
  auto age = cohort->Numeric("age");
  ASSERT_TRUE(age.ok());
  EXPECT_EQ(age->values, (std::vector<double>{70, 60}));  // order of the first table
  const JoinReport& report = cohort->join_report();
  EXPECT_EQ(report.tables[0].unmatched, 1u);  // c2
  EXPECT_EQ(report.tables[1].unmatched, 1u);  // c9
  EXPECT_EQ(report.joined_rows, 2u);
}

TEST(CohortTest, MissingValuesAreNaNAndCounted) {
  auto t = Table("id,x\n1,\n2,NA\n3,2.5\n4,.\n5, 7 \n", "t.csv");
  auto cohort = Cohort::Join({t}, {"id"});
  ASSERT_TRUE(cohort.ok());
  auto x = cohort->Numeric("x");
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->missing, 3u);
  EXPECT_TRUE(std::isnan(x->values[0]));
  EXPECT_EQ(x->values[2], 2.5);
  EXPECT_EQ(x->values[4], 7.0);
}

TEST(CohortTest, NonNumericColumnReportsCountNotValues) {
  auto t = Table("id,name\n1,Alice\n2,Bob\n3,4\n", "t.csv");
  auto cohort = Cohort::Join({t}, {"id"});
  ASSERT_TRUE(cohort.ok());
  auto name = cohort->Numeric("name");
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.status().message(), "column 'name' is not numeric: 2 of 3 values are not numbers");
  EXPECT_EQ(name.status().message().find("Alice"), std::string::npos);
}

TEST(CohortTest, DuplicateKeyIsAnError) {
  auto t = Table("id,x\n1,2\n1,3\n", "dup.csv");
  auto cohort = Cohort::Join({t}, {"id"});
  ASSERT_FALSE(cohort.ok());
  EXPECT_NE(cohort.status().message().find("dup.csv: key 'id' is not unique"), std::string::npos);
}

TEST(CohortTest, MissingKeyColumnNamesTable) {
  auto t = Table("id,x\n1,2\n", "a.csv");
  auto cohort = Cohort::Join({t}, {"patient_id"});
  ASSERT_FALSE(cohort.ok());
  EXPECT_EQ(cohort.status().message(), "a.csv: key column 'patient_id' not found");
}

TEST(CohortTest, AmbiguousColumnIsAnError) {
  auto a = Table("id,age\n1,2\n", "a.csv");
  auto b = Table("id,age\n1,3\n", "b.csv");
  auto cohort = Cohort::Join({a, b}, {"id", "id"});
  ASSERT_FALSE(cohort.ok());
  EXPECT_NE(cohort.status().message().find("'age' is in both a.csv and b.csv"), std::string::npos);
}

TEST(CohortTest, UnknownColumnIsNotFound) {
  auto t = Table("id,x\n1,2\n", "a.csv");
  auto cohort = Cohort::Join({t}, {"id"});
  ASSERT_TRUE(cohort.ok());
  EXPECT_EQ(cohort->Numeric("y").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace radfed::cohort
