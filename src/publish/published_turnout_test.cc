#include "publish/published_turnout.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::publish {
namespace {

using ::testing::HasSubstr;

PublishedTurnout Corrected() {
  return PublishedTurnout{
      "PEC-abai-00001",
      "12:00",
      {{1, 260, std::nullopt, "turnout.csv:3"},
       {2, 250, protocol::Decision{"12/45", "2023-03-19", "TTEC-abai-1", "mistyped"},
        "fix.csv:2"}}};
}

TEST(PublishedTurnoutTest, ReadsBackWhatItWrites) {
  const nlohmann::ordered_json json = PublishedTurnoutJson(Corrected());
  EXPECT_EQ(json.dump(),
            R"({"commission_id":"PEC-abai-00001","time":"12:00","versions":[{"version":1,)"
            R"("voters":260,"source":"turnout.csv:3","decision":null},{"version":2,"voters":250,)"
            R"("source":"fix.csv:2","decision":{"number":"12/45","date":"2023-03-19",)"
            R"("commission":"TTEC-abai-1","reason":"mistyped"}}]})");
  Result<PublishedTurnout> back = ParsePublishedTurnout(nlohmann::json::parse(json.dump()), "x");
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, Corrected());
}

TEST(PublishedTurnoutTest, AnythingElseIsRefusedNamingWhereAndWhy) {
  struct Case {
    const char* name;
    std::string json;
    const char* error;
  };
  const std::string good_version = R"({"version":1,"voters":5,"source":"s","decision":null})";
  const std::vector<Case> cases = {
      {"missing_time", R"({"commission_id":"P","versions":[]})", "time"},
      {"bad_time", R"({"commission_id":"P","time":"25:00","versions":[)" + good_version + "]}",
       "field 'time' must be a time of day"},
      {"no_versions", R"({"commission_id":"P","time":"10:00","versions":[]})",
       "at least one version"},
      {"negative",
       R"({"commission_id":"P","time":"10:00","versions":[{"version":1,"voters":-1,)"
       R"("source":"s","decision":null}]})",
       "field 'voters' must be 0 or more"},
      {"version_gap",
       R"({"commission_id":"P","time":"10:00","versions":[{"version":2,"voters":1,)"
       R"("source":"s","decision":null}]})",
       "field 'version' must be 1"},
      {"half_decision",
       R"({"commission_id":"P","time":"10:00","versions":[{"version":1,"voters":1,"source":"s",)"
       R"("decision":{"number":"1"}}]})",
       "decision"},
      {"extra_key",
       R"({"commission_id":"P","time":"10:00","extra":1,"versions":[)" + good_version + "]}",
       "extra"},
  };
  for (const Case& row : cases) {
    SCOPED_TRACE(row.name);
    Result<PublishedTurnout> read =
        ParsePublishedTurnout(nlohmann::json::parse(row.json), "precincts/T.json: turnout[0]");
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(read.error().message(), HasSubstr("precincts/T.json: turnout[0]"));
    EXPECT_THAT(read.error().message(), HasSubstr(row.error));
  }
}

}  // namespace
}  // namespace esep::publish
