// EventHub: a change reaches the streams of its commission and of those above it, never a
// sibling's; and the query-string reader of the handlers.

#include "server/event_hub.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "server/handler_support.h"

namespace esep::server {
namespace {

class RecordingSink : public http::EventSink {
 public:
  void SendEvent(std::string frame) override { frames.push_back(std::move(frame)); }
  std::vector<std::string> frames;
};

TEST(EventHubTest, AChangeReachesItsCommissionAndThoseAboveOnly) {
  const std::vector<model::Commission> tree = {
      {.id = "CEC", .level = model::CommissionLevel::kCentral},
      {.id = "TEC-a", .level = model::CommissionLevel::kRegional, .parent_id = "CEC"},
      {.id = "TC-a1", .level = model::CommissionLevel::kTerritorial, .parent_id = "TEC-a"},
      {.id = "TEC-b", .level = model::CommissionLevel::kRegional, .parent_id = "CEC"}};
  const access::CommissionScopes scopes(tree);
  EventHub hub;
  std::map<std::string, std::shared_ptr<RecordingSink>> sinks;
  for (const char* id : {"CEC", "TEC-a", "TC-a1", "TEC-b"}) {
    sinks[id] = std::make_shared<RecordingSink>();
    hub.StreamOf(id)->Subscribe(sinks[id]);
  }
  EXPECT_EQ(hub.StreamOf("TEC-a"), hub.StreamOf("TEC-a"));

  hub.Publish(scopes, "TC-a1", "protocol", R"({"protocol":"TC-a1:list"})");
  const std::string frame = "event: protocol\ndata: {\"protocol\":\"TC-a1:list\"}\n\n";
  EXPECT_EQ(sinks["CEC"]->frames, std::vector<std::string>{frame});
  EXPECT_EQ(sinks["TEC-a"]->frames, std::vector<std::string>{frame});
  EXPECT_EQ(sinks["TC-a1"]->frames, std::vector<std::string>{frame});
  EXPECT_TRUE(sinks["TEC-b"]->frames.empty());

  hub.Publish(scopes, "TEC-a", "protocol", "x");
  EXPECT_EQ(sinks["TC-a1"]->frames.size(), 1U);  // not below: a child does not see its parent's
  EXPECT_EQ(sinks["TEC-a"]->frames.size(), 2U);
}

TEST(ParseQueryTest, DecodesAndRefusesRepeats) {
  const auto pairs = internal::ParseQuery("commission=TEC-abai&kind=login&user=a%20b+c&");
  ASSERT_TRUE(pairs.has_value());
  EXPECT_EQ(internal::QueryValue(*pairs, "commission"), "TEC-abai");
  EXPECT_EQ(internal::QueryValue(*pairs, "user"), "a b c");
  EXPECT_EQ(internal::QueryValue(*pairs, "from"), std::nullopt);
  EXPECT_EQ(internal::ParseQuery("a=1&a=2").error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(internal::ParseQuery("a").error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(internal::ParseQuery("a=%zz").error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(internal::ParseQuery("a=%00").error().code(), StatusCode::kInvalidArgument);
}

TEST(ParseQueryTest, APlusIsASpaceInNamesAsInValues) {
  const auto pairs = internal::ParseQuery("a+b=c+d&e%2Bf=g%2B");
  ASSERT_TRUE(pairs.has_value());
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(*pairs, (Pairs{{"a b", "c d"}, {"e+f", "g+"}}));
  EXPECT_EQ(internal::ParseQuery("a+b=1&a%20b=2").error().code(), StatusCode::kInvalidArgument);
}

TEST(BodyReaderTest, NamesTheFieldAtFault) {
  const nlohmann::json body = nlohmann::json::parse(R"({"number": "12/45", "date": 7})");
  internal::BodyReader nested(body, {"number", "date"}, "decision");
  EXPECT_EQ(nested.String("number", true), "12/45");
  EXPECT_EQ(nested.String("date", true), std::nullopt);
  EXPECT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().status, 400);
  EXPECT_EQ(nlohmann::json::parse(nested.error().body)["error"]["field"], "decision.date");

  internal::BodyReader unknown(body, {"number"});
  EXPECT_EQ(nlohmann::json::parse(unknown.error().body)["error"]["field"], "date");
  const nlohmann::json array = nlohmann::json::array();
  internal::BodyReader not_object(array, {}, "decision");
  EXPECT_EQ(nlohmann::json::parse(not_object.error().body)["error"]["field"], "decision");
  const nlohmann::json empty = nlohmann::json::object();
  internal::BodyReader missing(empty, {"reason"});
  EXPECT_EQ(missing.String("reason", true), std::nullopt);
  EXPECT_EQ(nlohmann::json::parse(missing.error().body)["error"]["field"], "reason");
}

}  // namespace
}  // namespace esep::server
