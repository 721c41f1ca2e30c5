// Audit event entries: their canonical text, read back strictly, and the times they carry.

#include "storage/audit_event.h"

#include <chrono>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/chain_events.h"

namespace esep::storage {
namespace {

using std::chrono::sys_days;
using ::testing::HasSubstr;

AuditEvent Login() {
  return AuditEvent{
      .kind = EventKind::kLogin,
      .actor = {.user_id = "7",
                .commission_id = "TEC 0107",
                .time = sys_days(std::chrono::year(2026) / 12 / 7) + std::chrono::hours(2) +
                        std::chrono::minutes(23) + std::chrono::seconds(56),
                .client_address = "192.0.2.7"},
      .details = {{"session", "x"}}};
}

TEST(AuditEventTest, KindNamesRoundTrip) {
  for (const EventKind kind : kAllEventKinds) {
    EXPECT_EQ(ParseEventKind(EventKindName(kind)), kind);
  }
  EXPECT_EQ(EventKindName(EventKind::kLoginFailed), "login_failed");
  EXPECT_EQ(EventKindName(EventKind::kEntryFinalised), "entry_finalised");
  EXPECT_EQ(ParseEventKind("Login"), std::nullopt);
  EXPECT_EQ(ParseEventKind(""), std::nullopt);
}

TEST(AuditEventTest, TimesAreIso8601Utc) {
  const auto time = sys_days(std::chrono::year(2024) / 2 / 29) + std::chrono::hours(23) +
                    std::chrono::minutes(59) + std::chrono::seconds(58);
  EXPECT_EQ(FormatEventTime(time), "2024-02-29T23:59:58Z");
  EXPECT_EQ(ParseEventTime("2024-02-29T23:59:58Z"), time);
  EXPECT_EQ(FormatEventTime(std::chrono::sys_seconds{}), "1970-01-01T00:00:00Z");
  for (const char* bad : {"2023-02-29T00:00:00Z", "2024-02-29T24:00:00Z", "2024-02-29T23:60:00Z",
                          "2024-02-29 23:59:58Z", "2024-02-29T23:59:58", "2024-2-29T23:59:58Z",
                          "2024-02-29T23:59:58+00:00", "+024-02-29T23:59:58Z", ""}) {
    EXPECT_EQ(ParseEventTime(bad), std::nullopt) << bad;
  }
}

TEST(AuditEventTest, SecretsAreRefusedAsDetails) {
  AuditEvent event = Login();
  EXPECT_EQ(CheckEventDetails(event).code(), StatusCode::kInvalidArgument);
  for (const char* key : {"password", "password_hash", "hash", "token", "session_token"}) {
    event.details = {{key, "x"}};
    EXPECT_EQ(CheckEventDetails(event).code(), StatusCode::kInvalidArgument) << key;
  }
  event.details = {{"user", "1"}, {"user", "2"}};
  EXPECT_THAT(CheckEventDetails(event).message(), HasSubstr("given twice"));
  event.details = {{"", "1"}};
  EXPECT_EQ(CheckEventDetails(event).code(), StatusCode::kInvalidArgument);
  event.details = {{"note", "\xff"}};
  EXPECT_EQ(CheckEventDetails(event).code(), StatusCode::kInvalidArgument);
  event.details = {{"login_name", "aigerim"}, {"changed", "password_hash"}};
  EXPECT_TRUE(CheckEventDetails(event).ok());
}

TEST(AuditEventTest, EntryTextIsCanonicalAndReadsBack) {
  AuditEvent event = Login();
  event.details = {{"login_name", "aigerim.k"}, {"b", "2"}, {"a", "\"quoted\"\n"}};
  const std::string text = EventEntryContent(12, event);
  EXPECT_EQ(text,
            "[12,\"event\",\"login\",\"7\",\"TEC 0107\",\"2026-12-07T02:23:56Z\",\"192.0.2.7\","
            "{\"a\":\"\\\"quoted\\\"\\n\",\"b\":\"2\",\"login_name\":\"aigerim.k\"}]");
  EXPECT_EQ(EntryKindOf(text).value(), EntryKind::kEvent);
  int64_t entry = 0;
  Result<AuditEvent> back = DecodeEventEntry(text, entry);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(entry, 12);
  EXPECT_EQ(back->kind, EventKind::kLogin);
  EXPECT_EQ(back->actor, event.actor);
  ASSERT_EQ(back->details.size(), 3U);
  EXPECT_EQ(back->details[0].first, "a");
  EXPECT_EQ(back->details[2].second, "aigerim.k");
  EXPECT_EQ(EventEntryContent(12, *back), text);

  event.details.clear();
  EXPECT_EQ(EventEntryContent(3, event),
            "[3,\"event\",\"login\",\"7\",\"TEC 0107\",\"2026-12-07T02:23:56Z\",\"192.0.2.7\",{}]");
}

TEST(AuditEventTest, DecodingIsStrict) {
  const std::string prefix = "[3,\"event\",\"login\",\"7\",\"TEC 0107\",";
  int64_t entry = 0;
  for (const std::string& bad : {
           prefix + "\"2026-12-07T02:23:56Z\",\"local\",{}",                          // no ]
           prefix + "\"2026-12-07T02:23:56Z\",\"local\",{} ]",                        // whitespace
           prefix + "\"2026-12-07T02:23:56Z\",\"local\",{\"b\":\"1\",\"a\":\"2\"}]",  // order
           prefix + "\"2026-12-07T02:23:56Z\",\"local\",{\"a\":\"1\",\"a\":\"2\"}]",  // twice
           prefix + "\"2026-12-07T02:23:56Z\",\"local\",{\"a\":1}]",                  // a number
           prefix + "\"2026-12-07T02:23:56Z\",\"local\",{\"a\":\"1\",}]",  // trailing comma
           prefix + "\"2026-12-07 02:23:56\",\"local\",{}]",               // time
           prefix + "\"2026-12-07T02:23:56Z\",\"local\"]",                 // no details
           prefix + "\"2026-12-07T02:23:56Z\",\"local\",{}]x",             // after the end
           std::string("[3,\"event\",\"logon\",\"7\",\"\",\"2026-12-07T02:23:56Z\",\"\",{}]"),
       }) {
    EXPECT_EQ(DecodeEventEntry(bad, entry).error().code(), StatusCode::kDataLoss) << bad;
  }
  EXPECT_TRUE(DecodeEventEntry(prefix + "\"2026-12-07T02:23:56Z\",\"local\",{\"a\":\"\"}]", entry)
                  .has_value());
}

}  // namespace
}  // namespace esep::storage
