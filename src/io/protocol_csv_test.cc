#include "io/protocol_csv.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::io {
namespace {

using ::testing::HasSubstr;

constexpr char kHeader[] =
    "commission,contest,voters_on_list,voters_added_on_day,ballots_received,"
    "ballots_issued_premises,ballots_issued_mobile,ballots_issued_absentee,ballots_unused,"
    "ballots_spoiled,ballots_in_stationary_boxes,ballots_in_mobile_boxes,invalid_ballots,"
    "valid_ballots,against_all,turnout_reported_during_day,choice_1,choice_2,choice_3\n";

// Synthetic figures (the consistent protocol of protocol/validation_test.cc).
constexpr char kGoodList[] =
    "PEC 0107-015,list,1000,12,1010,600,20,5,385,5,598,19,7,610,10,,400,150,50\n";
constexpr char kGoodDistrict[] =
    "PEC 0107-015,district:7,1000,12,1010,600,20,5,385,5,598,19,7,610,10,580,300,300,\n";

std::vector<ProtocolRow> ReadAll(const std::string& text, Status* status = nullptr) {
  std::vector<ProtocolRow> rows;
  const Status result =
      ReadProtocolCsv(text, "protocols.csv", [&](ProtocolRow&& row) { rows.push_back(row); });
  if (status != nullptr) {
    *status = result;
  } else {
    EXPECT_TRUE(result.ok()) << result.ToString();
  }
  return rows;
}

TEST(ProtocolCsvTest, ReadsListAndDistrictProtocols) {
  const std::vector<ProtocolRow> rows = ReadAll(std::string(kHeader) + kGoodList + kGoodDistrict);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_TRUE(rows[0].protocol.has_value()) << rows[0].error;
  const protocol::Protocol& list = *rows[0].protocol;
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(list.commission_id, "PEC 0107-015");
  EXPECT_EQ(list.contest.kind, protocol::ContestRef::Kind::kPartyList);
  EXPECT_EQ(list.ballots_received, 1010);
  EXPECT_EQ(list.valid_ballots, 610);
  EXPECT_EQ(list.choice_votes, (std::vector<int64_t>{400, 150, 50}));
  EXPECT_FALSE(list.turnout_reported_during_day.has_value());
  ASSERT_TRUE(rows[1].protocol.has_value()) << rows[1].error;
  const protocol::Protocol& district = *rows[1].protocol;
  EXPECT_EQ(district.contest.district, 7);
  EXPECT_EQ(district.choice_votes, (std::vector<int64_t>{300, 300}));  // trailing empty: 2
  EXPECT_EQ(district.turnout_reported_during_day, 580);
}

TEST(ProtocolCsvTest, BadRowsAreReportedAndGoodRowsAroundThemKept) {
  struct Case {
    const char* name;
    std::string row;
    const char* message;
  };
  const Case cases[] = {
      {"negative", "P1,list,-5,0,0,0,0,0,0,0,0,0,0,0,0,,1,2,3",
       "field 'voters_on_list': '-5' is negative"},
      {"not_a_number", "P1,list,100,0,abc,0,0,0,0,0,0,0,0,0,0,,1,2,3",
       "field 'ballots_received': 'abc' is not a whole number"},
      {"bad_contest", "P1,senate,100,0,0,0,0,0,0,0,0,0,0,0,0,,1,2,3", "field 'contest': 'senate'"},
      {"no_commission", ",list,100,0,0,0,0,0,0,0,0,0,0,0,0,,1,2,3", "field 'commission' is empty"},
      {"gap_in_choices", "P1,list,100,0,0,0,0,0,0,0,0,0,0,0,0,,1,,3",
       "field 'choice_2' is empty but a later choice has votes"},
      {"no_choices", "P1,list,100,0,0,0,0,0,0,0,0,0,0,0,0,,,,", "no votes in choice_1"},
      {"short_row", "P1,list,100", "3 fields, but the header has 19 columns"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::vector<ProtocolRow> rows =
        ReadAll(std::string(kHeader) + kGoodList + c.row + "\n" + kGoodDistrict);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_TRUE(rows[0].protocol.has_value());
    EXPECT_FALSE(rows[1].protocol.has_value());
    EXPECT_THAT(rows[1].error, HasSubstr("protocols.csv:3: "));
    EXPECT_THAT(rows[1].error, HasSubstr(c.message));
    EXPECT_TRUE(rows[2].protocol.has_value());
  }
}

TEST(ProtocolCsvTest, HeaderProblemsStopTheWholeFile) {
  struct Case {
    const char* name;
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {"missing_column", "commission,contest,choice_1\n", "no column 'voters_on_list'"},
      {"no_choices", std::string(kHeader).substr(0, std::string(kHeader).find(",choice_1")) + "\n",
       "no column 'choice_1'"},
      {"unknown_column",
       std::string(kHeader).substr(0, std::string(kHeader).size() - 1) + ",choice_5\n",
       "unknown column 'choice_5'"},
      {"empty", "", "the file is empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status status;
    const std::vector<ProtocolRow> rows = ReadAll(c.text, &status);
    EXPECT_TRUE(rows.empty());
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr(c.message));
  }
}

TEST(ProtocolCsvTest, MalformedCsvStopsAfterTheRowsBeforeIt) {
  Status status;
  const std::vector<ProtocolRow> rows =
      ReadAll(std::string(kHeader) + kGoodList + "\"P2,list\n", &status);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_THAT(status.message(), HasSubstr("protocols.csv:3: a quoted field is never closed"));
}

TEST(ProtocolCsvTest, ParsesContests) {
  EXPECT_EQ(ParseContest("list")->kind, protocol::ContestRef::Kind::kPartyList);
  EXPECT_EQ(ParseContest("District:29")->district, 29);
  EXPECT_EQ(ParseContest("district 3")->district, 3);
  EXPECT_FALSE(ParseContest("district:0").has_value());
  EXPECT_FALSE(ParseContest("district:").has_value());
  EXPECT_FALSE(ParseContest("").has_value());
}

}  // namespace
}  // namespace esep::io
