#include "http/json_body.h"

#include <string>

#include <gtest/gtest.h>

namespace esep::http {
namespace {

TEST(JsonBodyTest, ParsesOneValue) {
  Result<nlohmann::json> parsed = ParseJsonBody(R"({"values": {"1": 7, "2": null}, "a": [1]})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
  EXPECT_EQ((*parsed)["values"]["1"], 7);
  EXPECT_TRUE((*parsed)["values"]["2"].is_null());
  EXPECT_EQ(*ParseJsonBody("[]"), nlohmann::json::array());
}

TEST(JsonBodyTest, RefusesWhatIsNotOneJsonValue) {
  for (const char* bad : {"", "{", "{} {}", "{\"a\": 1,}", "\"\xff\"", "1e400", "nul"}) {
    SCOPED_TRACE(bad);
    Result<nlohmann::json> parsed = ParseJsonBody(bad);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().message(), "the body is not valid JSON");
  }
}

TEST(JsonBodyTest, RefusesAKeyGivenTwiceInOneObject) {
  Result<nlohmann::json> parsed = ParseJsonBody(R"({"a": {"b": 1, "b": 2}})");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message(), "the body gives key 'b' twice");
  // The same key in two objects, nested or side by side, is no repeat.
  EXPECT_TRUE(ParseJsonBody(R"({"b": {"b": 1}, "c": [{"b": 1}, {"b": 2}]})").has_value());
}

TEST(JsonBodyTest, RefusesNestingDeeperThanTheLimit) {
  const auto nested = [](int depth) {
    return std::string(static_cast<size_t>(depth), '[') +
           std::string(static_cast<size_t>(depth), ']');
  };
  EXPECT_TRUE(ParseJsonBody(nested(kMaxJsonDepth)).has_value());
  Result<nlohmann::json> parsed = ParseJsonBody(nested(kMaxJsonDepth + 1));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message(), "the body nests deeper than 64");
}

TEST(JsonBodyTest, OnlyApplicationJsonIsAJsonContentType) {
  for (const char* json : {"application/json", "Application/JSON",
                           " application/json ; charset=utf-8", "application/json;charset=UTF-8"}) {
    EXPECT_TRUE(IsJsonContentType(json)) << json;
  }
  for (const char* other : {"", "text/json", "application/ld+json", "application/jsonx",
                            "application/json-seq", "text/plain"}) {
    EXPECT_FALSE(IsJsonContentType(other)) << other;
  }
}

}  // namespace
}  // namespace esep::http
