#include "io/protocol_csv.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
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

constexpr char kDecisionHeader[] =
    "commission,contest,voters_on_list,voters_added_on_day,ballots_received,"
    "ballots_issued_premises,ballots_issued_mobile,ballots_issued_absentee,ballots_unused,"
    "ballots_spoiled,ballots_in_stationary_boxes,ballots_in_mobile_boxes,invalid_ballots,"
    "valid_ballots,against_all,turnout_reported_during_day,choice_1,choice_2,choice_3,"
    "decision_number,decision_date,decision_commission,decision_reason\n";

TEST(ProtocolCsvTest, ReadsTheDecisionThatAuthorisesACorrection) {
  const std::string text =
      std::string(kDecisionHeader) +
      "PEC 0107-015,list,1000,12,1010,600,20,5,385,5,598,19,7,610,10,,400,150,50,,,,\n"
      "PEC 0107-015,list,1000,12,1010,600,20,5,385,5,598,19,7,610,10,,401,149,50,12/45,"
      "2023-03-21,\"TEC Almaty, city\",arithmetic error\n";
  const std::vector<ProtocolRow> rows = ReadAll(text);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_TRUE(rows[0].protocol.has_value()) << rows[0].error;
  EXPECT_FALSE(rows[0].decision.has_value());
  ASSERT_TRUE(rows[1].protocol.has_value()) << rows[1].error;
  ASSERT_TRUE(rows[1].decision.has_value());
  EXPECT_EQ(*rows[1].decision,
            (protocol::Decision{"12/45", "2023-03-21", "TEC Almaty, city", "arithmetic error"}));
  EXPECT_EQ(rows[1].protocol->choice_votes, (std::vector<int64_t>{401, 149, 50}));
}

TEST(ProtocolCsvTest, APartialDecisionIsABadRowNamingTheEmptyField) {
  const std::string text =
      std::string(kDecisionHeader) +
      "P1,list,1000,12,1010,600,20,5,385,5,598,19,7,610,10,,400,150,50,12/45,2023-03-21,,x\n" +
      "P2,list,1000,12,1010,600,20,5,385,5,598,19,7,610,10,,400,150,50,,,,\n";
  const std::vector<ProtocolRow> rows = ReadAll(text);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].protocol.has_value());
  EXPECT_FALSE(rows[0].decision.has_value());
  EXPECT_THAT(rows[0].error, HasSubstr("protocols.csv:2: field 'decision_commission' is empty"));
  EXPECT_TRUE(rows[1].protocol.has_value());
}

TEST(ProtocolCsvTest, DecisionColumnsComeAllFourOrNone) {
  const std::string header = std::string(kHeader).substr(0, std::string(kHeader).size() - 1) +
                             ",decision_number,decision_date\n";
  Status status;
  const std::vector<ProtocolRow> rows = ReadAll(header + kGoodList, &status);
  EXPECT_TRUE(rows.empty());
  EXPECT_THAT(status.message(), HasSubstr("no column 'decision_commission'"));
}

TEST(ProtocolCsvTest, WhatTheWriterWritesReadsBack) {
  protocol::Protocol protocol;
  protocol.commission_id = "PEC \"North\", 7";  // a quote and a comma survive quoting
  protocol.contest = {protocol::ContestRef::Kind::kDistrict, 3};
  protocol.voters_on_list = 100;
  protocol.ballots_received = 90;
  protocol.choice_votes = {1, 2};
  protocol.turnout_reported_during_day = 40;
  const std::optional<protocol::Decision> decision =
      protocol::Decision{"7", "2023-03-20", " TEC \"A\" ", "recount, ordered"};
  std::string text = ProtocolCsvHeader(3, DecisionColumns::kYes);
  AppendProtocolCsvRow(protocol, decision, 3, text);
  AppendProtocolCsvRow(protocol, std::nullopt, 3, text);
  const std::vector<ProtocolRow> rows = ReadAll(text);
  ASSERT_EQ(rows.size(), 2u);
  for (const ProtocolRow& row : rows) {
    ASSERT_TRUE(row.protocol.has_value()) << row.error;
    EXPECT_EQ(row.protocol->commission_id, protocol.commission_id);
    EXPECT_EQ(row.protocol->contest, protocol.contest);
    EXPECT_EQ(row.protocol->voters_on_list, 100);
    EXPECT_EQ(row.protocol->choice_votes, protocol.choice_votes);
    EXPECT_EQ(row.protocol->turnout_reported_during_day, 40);
  }
  EXPECT_EQ(rows[0].decision, decision);
  EXPECT_FALSE(rows[1].decision.has_value());
}

TEST(ProtocolCsvTest, ARowAfterABadOneIsReadWhole) {
  // The reader reuses one row object: a good row after a bad one, and a list protocol after a
  // district one with more choices, must not keep anything of the row before.
  const std::string text = std::string(kHeader) + kGoodDistrict +
                           "P1,list,-1,0,0,0,0,0,0,0,0,0,0,0,0,,1,2,3\n" + kGoodList +
                           kGoodDistrict;
  std::vector<ProtocolRow> rows;
  ASSERT_TRUE(ReadProtocolCsv(text, "protocols.csv", [&](ProtocolRow&& row) {
                rows.push_back(std::move(row));
              }).ok());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].protocol->choice_votes, (std::vector<int64_t>{300, 300}));
  EXPECT_FALSE(rows[1].protocol.has_value());
  ASSERT_TRUE(rows[2].protocol.has_value()) << rows[2].error;
  EXPECT_TRUE(rows[2].error.empty());
  EXPECT_EQ(rows[2].protocol->choice_votes, (std::vector<int64_t>{400, 150, 50}));
  EXPECT_FALSE(rows[2].protocol->turnout_reported_during_day.has_value());
  EXPECT_EQ(rows[3].protocol->turnout_reported_during_day, 580);
  EXPECT_EQ(rows[3].protocol->commission_id, "PEC 0107-015");
}

TEST(ProtocolCsvTest, CountsOutsideThePlainFormAreStillJudgedByTheRules) {
  // Quoted, padded and 16-digit counts go through the slow path; the answers do not change.
  const std::string text =
      std::string(kHeader) +
      "P1,list,\" 1000 \",12,1010,600,20,5,385,5,598,19,7,610,10,,400,150,50\n"
      "P1,list,1000000000000001,12,1010,600,20,5,385,5,598,19,7,610,10,,400,150,50\n"
      "P1,District 7,1000,12,1010,600,20,5,385,5,598,19,7,610,10,,400,150,50\n";
  const std::vector<ProtocolRow> rows = ReadAll(text);
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_TRUE(rows[0].protocol.has_value()) << rows[0].error;
  EXPECT_EQ(rows[0].protocol->voters_on_list, 1000);
  EXPECT_THAT(rows[1].error, HasSubstr("field 'voters_on_list': '1000000000000001' is larger"));
  ASSERT_TRUE(rows[2].protocol.has_value()) << rows[2].error;
  EXPECT_EQ(rows[2].protocol->contest.district, 7);
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
