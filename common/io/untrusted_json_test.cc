#include "common/io/untrusted_json.h"

#include <gtest/gtest.h>

#include <string>

namespace radfed::io {
namespace {

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(UntrustedJsonTest, ParsesOrdinaryDocuments) {
  const auto j = ParseUntrustedJson(R"({"seq": 1, "details": {"a": [1, 2, {"b": null}]}})");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["details"]["a"][1], 2);
  EXPECT_FALSE(ParseUntrustedJson(Nested(kMaxJsonDepth)).is_discarded());
}

TEST(UntrustedJsonTest, DeepNestingAndGarbageAreDiscardedWithoutCrashing) {
  EXPECT_TRUE(ParseUntrustedJson(Nested(kMaxJsonDepth + 2)).is_discarded());
  EXPECT_TRUE(ParseUntrustedJson("{\"x\": " + Nested(100000) + "}").is_discarded());
  EXPECT_TRUE(ParseUntrustedJson("{\"x\": ").is_discarded());
  EXPECT_TRUE(ParseUntrustedJson("").is_discarded());
}

}  // namespace
}  // namespace radfed::io
