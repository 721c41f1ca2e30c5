#include "io/turnout_csv.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::io {
namespace {

using ::testing::HasSubstr;

std::vector<TurnoutRow> ReadOrDie(const std::string& text) {
  std::vector<TurnoutRow> rows;
  const Status read =
      ReadTurnoutCsv(text, "turnout.csv", [&](TurnoutRow&& row) { rows.push_back(row); });
  EXPECT_TRUE(read.ok()) << read.ToString();
  return rows;
}

TEST(TurnoutCsvTest, ReadsReportsWithTheirLinesAndDecisions) {
  const std::vector<TurnoutRow> rows = ReadOrDie(
      "commission,time,voters,decision_number,decision_date,decision_commission,decision_reason\n"
      "PEC-1,10:00,112,,,,\n"
      "PEC-1,12:00,260,12/45,2023-03-19,TEC Abai,\"mistyped, corrected\"\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].report, (protocol::TurnoutReport{"PEC-1", "10:00", 112}));
  EXPECT_FALSE(rows[0].decision.has_value());
  ASSERT_TRUE(rows[1].decision.has_value());
  EXPECT_EQ(rows[1].decision->reason, "mistyped, corrected");
}

TEST(TurnoutCsvTest, ABadRowNamesFileLineFieldAndRuleAndTheOthersAreRead) {
  struct Case {
    const char* row;
    const char* error;
  };
  const std::vector<Case> cases = {
      {",10:00,1", "turnout.csv:2: field 'commission' is empty"},
      {"PEC-1,9:00,1", "turnout.csv:2: field 'time': '9:00' is not a time of day written HH:MM"},
      {"PEC-1,24:00,1", "field 'time': '24:00'"},
      {"PEC-1,10:00,-4", "turnout.csv:2: field 'voters'"},
      {"PEC-1,10:00,many", "turnout.csv:2: field 'voters'"},
      {"PEC-1,10:00,99999999999999999999", "turnout.csv:2: field 'voters'"},
  };
  for (const Case& row : cases) {
    SCOPED_TRACE(row.row);
    const std::vector<TurnoutRow> rows =
        ReadOrDie(std::string("commission,time,voters\n") + row.row + "\nPEC-2,10:00,5\n");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_FALSE(rows[0].report.has_value());
    EXPECT_THAT(rows[0].error, HasSubstr(row.error));
    EXPECT_EQ(rows[1].report, (protocol::TurnoutReport{"PEC-2", "10:00", 5}));
  }
}

TEST(TurnoutCsvTest, HalfADecisionIsAnError) {
  const std::vector<TurnoutRow> rows = ReadOrDie(
      "commission,time,voters,decision_number,decision_date,decision_commission,decision_reason\n"
      "PEC-1,10:00,1,12/45,,,\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].report.has_value());
  EXPECT_THAT(rows[0].error, HasSubstr("turnout.csv:2: field 'decision_date' is empty"));
}

TEST(TurnoutCsvTest, AHeaderThatIsNotATurnoutFileIsRefused) {
  struct Case {
    const char* header;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"commission,time", "turnout.csv:1: the header has no column 'voters'"},
      {"commission,time,voters,ballots", "turnout.csv:1: unknown column 'ballots'"},
      {"commission,time,voters,decision_number", "no column 'decision_date'"},
  };
  for (const Case& row : cases) {
    SCOPED_TRACE(row.header);
    int delivered = 0;
    const Status read = ReadTurnoutCsv(std::string(row.header) + "\n", "turnout.csv",
                                       [&](TurnoutRow&&) { ++delivered; });
    EXPECT_EQ(read.code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(read.message(), HasSubstr(row.error));
    EXPECT_EQ(delivered, 0);
  }
}

TEST(TurnoutCsvTest, SyntheticRowsSaySo) {
  std::string text = TurnoutCsvHeader(TurnoutOrigin::kSynthetic);
  AppendTurnoutCsvRow({"PEC-1", "10:00", 7}, text, TurnoutOrigin::kSynthetic);
  EXPECT_EQ(text, "synthetic,commission,time,voters\nyes,PEC-1,10:00,7\n");
  const std::vector<TurnoutRow> rows = ReadOrDie(text + "maybe,PEC-1,12:00,8\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].synthetic);
  EXPECT_THAT(rows[1].error, HasSubstr("turnout.csv:3: field 'synthetic': 'maybe' is neither"));
}

TEST(TurnoutCsvTest, WrittenRowsReadBack) {
  std::string text = TurnoutCsvHeader();
  const std::vector<protocol::TurnoutReport> reports = {{"PEC-1", "10:00", 0},
                                                        {"PEC 0107,015", "22:00", 1234}};
  for (const protocol::TurnoutReport& report : reports) {
    AppendTurnoutCsvRow(report, text);
  }
  const std::vector<TurnoutRow> rows = ReadOrDie(text);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].report, reports[0]);
  EXPECT_EQ(rows[1].report, reports[1]);
}

}  // namespace
}  // namespace esep::io
