#include "storage/protocol_codec.h"

#include <cstdint>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/internal/test_protocols.h"

namespace esep::storage {
namespace {

using protocol::ContestRef;
using protocol::Figure;
using protocol::Protocol;
using ::testing::HasSubstr;

// Field-by-field equality (Protocol has no operator==).
void ExpectSame(const Protocol& got, const Protocol& want) {
  EXPECT_EQ(got.commission_id, want.commission_id);
  EXPECT_EQ(got.contest, want.contest);
  for (int f = 0; f <= static_cast<int>(Figure::kTurnoutReportedDuringDay); ++f) {
    const auto figure = static_cast<Figure>(f);
    EXPECT_EQ(got.Get(figure), want.Get(figure)) << FigureKey(figure);
  }
  EXPECT_EQ(got.choice_votes, want.choice_votes);
  EXPECT_EQ(got.turnout_reported_during_day, want.turnout_reported_during_day);
}

TEST(ProtocolCodecTest, ExactBytesOfTheCanonicalForm) {
  Protocol p = internal::ConsistentProtocol("PEC 0107-015");
  p.turnout_reported_during_day = 590;
  EXPECT_EQ(EncodeProtocol(p),
            R"(["PEC 0107-015","list",0,1000,12,1010,600,20,5,385,5,598,19,7,610,[400,150,50],)"
            R"(10,590])");
  p.turnout_reported_during_day.reset();
  p.contest = {ContestRef::Kind::kDistrict, 7};
  p.choice_votes = {};
  EXPECT_EQ(EncodeProtocol(p),
            R"(["PEC 0107-015","district",7,1000,12,1010,600,20,5,385,5,598,19,7,610,[],10,)"
            R"(null])");
}

TEST(ProtocolCodecTest, RoundTrips) {
  struct Case {
    const char* name;
    Protocol protocol;
  };
  Protocol district = internal::ConsistentProtocol("УИК №12 «Алматы»");
  district.contest = {ContestRef::Kind::kDistrict, 17};
  district.turnout_reported_during_day = 0;
  Protocol awkward = internal::ConsistentProtocol("quote \" backslash \\ tab \t nul \x01 del \x7f");
  awkward.choice_votes = {};
  Protocol extremes = internal::ConsistentProtocol("PEC 1");
  extremes.voters_on_list = std::numeric_limits<int64_t>::max();
  extremes.against_all = std::numeric_limits<int64_t>::min();
  extremes.choice_votes = {0, -1, 1000000000000000};
  const Case cases[] = {
      {"plain", internal::ConsistentProtocol("PEC 0107-015")},
      {"district_and_cyrillic", district},
      {"escapes_and_no_choices", awkward},
      {"extreme_integers", extremes},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text = EncodeProtocol(c.protocol);
    Result<Protocol> back = DecodeProtocol(text);
    ASSERT_TRUE(back.has_value()) << back.error().ToString();
    ExpectSame(*back, c.protocol);
    EXPECT_EQ(EncodeProtocol(*back), text);
  }
}

TEST(ProtocolCodecTest, EscapesAreTheShortestForms) {
  Protocol p =
      internal::ConsistentProtocol(std::string("a\"b\\c\nd\x01"
                                               "e",
                                               9));
  EXPECT_THAT(EncodeProtocol(p), HasSubstr(R"(["a\"b\\c\nd\u0001e",)"));
}

TEST(ProtocolCodecTest, MalformedUtf8IsReplaced) {
  Protocol p = internal::ConsistentProtocol("PEC \xff");
  const std::string text = EncodeProtocol(p);
  EXPECT_THAT(text, HasSubstr("\"PEC \xEF\xBF\xBD\""));
  Result<Protocol> back = DecodeProtocol(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->commission_id, "PEC \xEF\xBF\xBD");
}

TEST(ProtocolCodecTest, RejectsAnythingNotCanonical) {
  const std::string good = EncodeProtocol(internal::ConsistentProtocol("PEC 1"));
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string text = good;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  struct Case {
    const char* name;
    std::string text;
  };
  const Case cases[] = {
      {"space_after_comma", replaced(R"("list",0)", R"("list", 0)")},
      {"leading_zero", replaced(R"(,385,5,)", R"(,385,05,)")},
      {"minus_zero", replaced(R"("list",0)", R"("list",-0)")},
      {"plus_sign", replaced(R"(],10,)", R"(],+10,)")},
      {"decimal", replaced(R"(],10,)", R"(],10.0,)")},
      {"object_instead_of_array", replaced(R"(["PEC 1")", R"({"commission_id":"PEC 1")")},
      {"missing_value", replaced(R"(,1000,12,)", ",1000,")},
      {"extra_value", replaced(R"(],10,null])", R"(],10,null,1])")},
      {"choices_not_an_array", replaced(R"([400,150,50])", "400")},
      {"unknown_contest", replaced(R"("list")", R"("senate")")},
      {"uppercase_hex", replaced(R"("PEC 1")", R"("PEC\u001F")")},
      {"escaped_printable", replaced(R"("PEC 1")", R"("PEC\u0041")")},
      {"long_escape_for_newline", replaced(R"("PEC 1")", R"("PEC\u000a")")},
      {"raw_newline", replaced(R"("PEC 1")", "\"PEC\n1\"")},
      {"escaped_slash", replaced(R"("PEC 1")", R"("PEC\/1")")},
      {"overflow", replaced(R"(],10,)", R"(],9223372036854775808,)")},
      {"trailing_newline", good + "\n"},
      {"truncated", good.substr(0, good.size() - 1)},
      {"empty", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<Protocol> decoded = DecodeProtocol(c.text);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().code(), StatusCode::kDataLoss);
    EXPECT_THAT(decoded.error().message(), HasSubstr("not a canonical protocol"));
  }
}

TEST(ProtocolCodecTest, FigureKeysRoundTrip) {
  for (int f = 0; f <= static_cast<int>(Figure::kTurnoutReportedDuringDay); ++f) {
    const auto figure = static_cast<Figure>(f);
    SCOPED_TRACE(f);
    EXPECT_NE(FigureKey(figure), "?");
    EXPECT_EQ(FigureFromKey(FigureKey(figure)), figure);
  }
  EXPECT_EQ(FigureFromKey("ballots"), std::nullopt);
  EXPECT_EQ(ContestKindFromKey(ContestKindKey(ContestRef::Kind::kDistrict)),
            ContestRef::Kind::kDistrict);
  EXPECT_EQ(ContestKindFromKey("senate"), std::nullopt);
}

}  // namespace
}  // namespace esep::storage
