// Tests for ParseJson: a key given twice in one object is refused wherever the object is, equal
// keys in different objects are not, and bad JSON is an error, never an exception.

#include "io/json_parse.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::io {
namespace {

using ::testing::HasSubstr;

TEST(JsonParseTest, ReadsADocument) {
  Result<nlohmann::json> root = ParseJson(R"({"a": {"b": [1, {"c": 2}]}, "d": "e"})");
  ASSERT_TRUE(root.has_value()) << root.error().message();
  EXPECT_EQ((*root)["a"]["b"][1]["c"], 2);
}

TEST(JsonParseTest, EqualKeysInDifferentObjectsAreFine) {
  const char* documents[] = {
      R"({"name": "x", "inner": {"name": "y"}})",
      R"([{"name": "x"}, {"name": "y"}])",
      R"({"list": [{"votes": 1}, {"votes": 2}], "votes": 3})",
      R"({"a": {"k": 1}, "b": {"k": 2}, "k": 3})",
  };
  for (const char* document : documents) {
    SCOPED_TRACE(document);
    Result<nlohmann::json> root = ParseJson(document);
    EXPECT_TRUE(root.has_value()) << root.error().message();
  }
}

TEST(JsonParseTest, AKeyGivenTwiceInOneObjectIsRefusedAtAnyDepth) {
  struct Case {
    const char* name;
    const char* document;
    const char* key;
  };
  const Case cases[] = {
      {"top", R"({"votes": 1, "votes": 900})", "votes"},
      {"after_a_nested_object", R"({"votes": 1, "inner": {"x": 1}, "votes": 900})", "votes"},
      {"nested", R"({"decision": {"number": "1", "number": "2"}})", "number"},
      {"in_an_array", R"([{"a": 1}, {"b": 1, "b": 2}])", "b"},
      {"equal_values", R"({"a": 1, "a": 1})", "a"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<nlohmann::json> root = ParseJson(c.document);
    ASSERT_FALSE(root.has_value());
    EXPECT_EQ(root.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(root.error().message(),
                HasSubstr(std::string("the key '") + c.key + "' appears twice in one object"));
  }
}

// 200,000 distinct keys in one object: a pairwise search would take minutes; this takes well
// under a second, and the duplicate at the end is still found.
TEST(JsonParseTest, AnObjectOfTwoHundredThousandKeysIsCheckedInLinearTime) {
  std::string document = "{";
  for (int i = 0; i < 200'000; ++i) {
    document += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  }
  Result<nlohmann::json> wide = ParseJson(document + "\"last\":0}");
  ASSERT_TRUE(wide.has_value()) << wide.error().message();
  EXPECT_EQ(wide->size(), 200'001u);
  Result<nlohmann::json> duplicate = ParseJson(document + "\"k7\":0}");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_THAT(duplicate.error().message(), HasSubstr("the key 'k7' appears twice"));
}

TEST(JsonParseTest, BadJsonIsAnErrorThatSaysWhere) {
  Result<nlohmann::json> truncated = ParseJson(R"({"commission_id":)");
  ASSERT_FALSE(truncated.has_value());
  EXPECT_THAT(truncated.error().message(), HasSubstr("not valid JSON at byte 18: "));
  EXPECT_THAT(truncated.error().message(), ::testing::Not(HasSubstr("json.exception")));
  Result<nlohmann::json> huge = ParseJson(R"({"id": 1e400})");
  ASSERT_FALSE(huge.has_value());
  EXPECT_EQ(huge.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace esep::io
