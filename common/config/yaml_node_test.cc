#include "common/config/yaml_node.h"

#include <gtest/gtest.h>

namespace radfed::config {
namespace {

TEST(YamlNodeTest, ReadsNestedTypedValues) {
  auto root = YamlNode::Parse("site: site-a\ntls: {ca: pki/ca.crt}\nn: 3\nx: 2.5\non: true\n"
                              "list: [a, b]\n", "node.yaml");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(*root->GetString("site"), "site-a");
  auto tls = root->Child("tls");
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ(*tls->GetString("ca"), "pki/ca.crt");
  EXPECT_EQ(*root->GetInt("n", 0), 3);
  EXPECT_EQ(*root->GetDouble("x", 0), 2.5);
  EXPECT_TRUE(*root->GetBool("on", false));
  EXPECT_EQ(*root->GetStringList("list"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*root->GetInt("absent", 7), 7);
  EXPECT_TRUE(tls->RejectUnknownKeys().ok());
  EXPECT_TRUE(root->RejectUnknownKeys().ok());
}

TEST(YamlNodeTest, MissingKeyNamesFileAndPath) {
  auto root = YamlNode::Parse("tls: {cert: a}\n", "node.yaml");
  ASSERT_TRUE(root.ok());
  auto tls = root->Child("tls");
  ASSERT_TRUE(tls.ok());
  auto ca = tls->GetString("ca");
  ASSERT_FALSE(ca.ok());
  EXPECT_EQ(ca.status().message(), "node.yaml: key 'tls.ca': missing");
}

TEST(YamlNodeTest, WrongTypeNamesKeyAndWhatWasFound) {
  auto root = YamlNode::Parse("roster: site-a\nport: abc\n", "coordinator.yaml");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->GetStringList("roster").status().message(),
            "coordinator.yaml: key 'roster': expected a list, got 'site-a'");
  EXPECT_EQ(root->GetInt("port", 1).status().message(),
            "coordinator.yaml: key 'port': expected an integer, got 'abc'");
}

TEST(YamlNodeTest, UnknownKeyIsReported) {
  auto root = YamlNode::Parse("site: a\nmin_row: 5\n", "node.yaml");
  ASSERT_TRUE(root.ok());
  ASSERT_TRUE(root->GetString("site").ok());
  Status s = root->RejectUnknownKeys();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "node.yaml: key 'min_row': unknown key (known keys here: site)");
}

TEST(YamlNodeTest, SyntaxErrorNamesLine) {
  auto root = YamlNode::Parse("a: [1, 2\nb: 3\n", "study.yaml");
  ASSERT_FALSE(root.ok());
  EXPECT_NE(root.status().message().find("study.yaml: not valid YAML at line"), std::string::npos);
}

TEST(YamlNodeTest, ListItemsCarryIndexInPath) {
  auto root = YamlNode::Parse("tables: [{path: a.csv}, {key: id}]\n", "node.yaml");
  ASSERT_TRUE(root.ok());
  auto tables = root->Child("tables")->AsList();
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ((*tables)[1].GetString("path").status().message(),
            "node.yaml: key 'tables[1].path': missing");
}

TEST(YamlNodeTest, DocumentThatIsNotAMap) {
  auto root = YamlNode::Parse("- a\n- b\n", "node.yaml");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->GetString("site").status().message(),
            "node.yaml: expected a map of settings, got a list");
}

TEST(YamlNodeTest, NotANumberAndInfinityAreNotNumbers) {
  auto root = YamlNode::Parse("a: .nan\nb: .inf\nc: -.Inf\n", "study.yaml");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->GetDouble("a", 0).status().message(), "study.yaml: key 'a': expected a finite number, got '.nan'");
  EXPECT_FALSE(root->GetDouble("b", 0).ok());
  EXPECT_FALSE(root->GetDouble("c", 0).ok());
}

TEST(YamlNodeTest, RangedGettersNameTheBounds) {
  auto root = YamlNode::Parse("min_sites: 4294967299\ntimeout: 1e300\nok: 5\n", "study.yaml");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->GetIntInRange("min_sites", 3, 2, 10000).status().message(),
            "study.yaml: key 'min_sites': must be from 2 to 10000, got 4294967299");
  EXPECT_FALSE(root->GetDoubleInRange("timeout", 1, 1e-3, 86400).ok());
  EXPECT_EQ(*root->GetIntInRange("ok", 3, 2, 10), 5);
  EXPECT_EQ(*root->GetIntInRange("absent", 3, 2, 10), 3);
}

TEST(YamlNodeTest, KeyGivenTwiceIsAnErrorWithItsLine) {
  auto root = YamlNode::Parse("name: a\npenalty:\n  l2: 1\n  l2: 2\n", "study.yaml");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().message(), "study.yaml: key 'l2' appears twice in one map (line 4)");
  EXPECT_FALSE(YamlNode::Parse("- {a: 1, a: 1}\n", "x.yaml").ok());
}

TEST(YamlNodeTest, DeeplyNestedDocumentIsRefusedNotACrash) {
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_FALSE(YamlNode::Parse(deep, "deep.yaml").ok());
}

}  // namespace
}  // namespace radfed::config
