#include "common/logging/logging.h"

#include <gtest/gtest.h>

namespace radfed::logging {
namespace {

TEST(LoggingTest, EscapesForJson) {
  EXPECT_EQ(JsonEscape("a \"b\"\\c\nd\x01"), "a \\\"b\\\"\\\\c\\nd\\u0001");
}

TEST(LoggingTest, RejectsUnknownFormatAndLevel) {
  EXPECT_EQ(Configure("xml", "info", "t").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Configure("json", "loud", "t").code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Configure("json", "warn", "t").ok());
  EXPECT_TRUE(Configure("text", "info", "t").ok());
}

}  // namespace
}  // namespace radfed::logging
