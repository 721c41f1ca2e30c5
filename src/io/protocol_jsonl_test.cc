#include "io/protocol_jsonl.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/protocol_csv.h"

namespace esep::io {
namespace {

using ::testing::HasSubstr;

// Synthetic figures (the consistent protocol of protocol/validation_test.cc), in the layout
// AppendProtocolJsonl writes.
constexpr char kGoodList[] =
    R"({"commission_id":"PEC 0107-015","contest":"list","district":0,"voters_on_list":1000,)"
    R"("voters_added_on_day":12,"ballots_received":1010,"ballots_issued_premises":600,)"
    R"("ballots_issued_mobile":20,"ballots_issued_absentee":5,"ballots_unused":385,)"
    R"("ballots_spoiled":5,"ballots_in_stationary_boxes":598,"ballots_in_mobile_boxes":19,)"
    R"("invalid_ballots":7,"valid_ballots":610,"choice_votes":[400,150,50],"against_all":10,)"
    R"("turnout_reported_during_day":null})";

std::vector<ProtocolRow> ReadAll(const std::string& text) {
  std::vector<ProtocolRow> rows;
  const Status status =
      ReadProtocolJsonl(text, "p.jsonl", [&](ProtocolRow&& row) { rows.push_back(row); });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return rows;
}

// kGoodList with `from` replaced by `to` (which must occur).
std::string Edit(std::string_view from, std::string_view to) {
  std::string line = kGoodList;
  const size_t at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return line.replace(at, from.size(), to);
}

TEST(ProtocolJsonlTest, ReadsTheCanonicalProtocolAndADecision) {
  const std::string corrected =
      Edit(R"("turnout_reported_during_day":null})",
           R"("turnout_reported_during_day":590,"decision":{"number":"12/45",)"
           R"("date":"2023-03-21","commission":"TEC Almaty city","reason":"arithmetic error"}})");
  const std::string district =
      Edit(R"("contest":"list","district":0)", R"("contest":"district","district":7)");
  const std::vector<ProtocolRow> rows =
      ReadAll(std::string(kGoodList) + "\n\n  \r\n" + corrected + "\r\n" + district);
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_TRUE(rows[0].protocol.has_value()) << rows[0].error;
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_EQ(rows[0].protocol->commission_id, "PEC 0107-015");
  EXPECT_EQ(rows[0].protocol->valid_ballots, 610);
  EXPECT_EQ(rows[0].protocol->choice_votes, (std::vector<int64_t>{400, 150, 50}));
  EXPECT_FALSE(rows[0].protocol->turnout_reported_during_day.has_value());
  EXPECT_FALSE(rows[0].decision.has_value());
  ASSERT_TRUE(rows[1].protocol.has_value()) << rows[1].error;
  EXPECT_EQ(rows[1].line, 4);  // blank lines count
  EXPECT_EQ(rows[1].protocol->turnout_reported_during_day, 590);
  EXPECT_EQ(rows[1].decision,
            (protocol::Decision{"12/45", "2023-03-21", "TEC Almaty city", "arithmetic error"}));
  ASSERT_TRUE(rows[2].protocol.has_value()) << rows[2].error;
  EXPECT_EQ(rows[2].protocol->contest,
            (protocol::ContestRef{protocol::ContestRef::Kind::kDistrict, 7}));
}

TEST(ProtocolJsonlTest, BadLinesNameTheKeyAndTheRuleAndTheOthersAreKept) {
  struct Case {
    const char* name;
    std::string line;
    const char* message;
  };
  const Case cases[] = {
      {"not_json", R"({"commission_id":)", "p.jsonl:2: not valid JSON at byte"},
      {"duplicate_key",
       Edit(R"("ballots_received":1010)", R"("ballots_received":1010,"ballots_received":9)"),
       "p.jsonl:2: the key 'ballots_received' appears twice in one object"},
      {"not_an_object", "[1,2,3]", "p.jsonl:2: the line is a JSON array, not an object"},
      {"unknown_key", Edit(R"("against_all":10)", R"("against_all":10,"agianst":1)"),
       "field 'agianst': unknown key"},
      {"missing_count", Edit(R"("ballots_spoiled":5,)", ""), "field 'ballots_spoiled': missing"},
      {"negative", Edit(R"("ballots_received":1010)", R"("ballots_received":-3)"),
       "field 'ballots_received': -3 is negative"},
      {"fraction", Edit(R"("ballots_received":1010)", R"("ballots_received":10.5)"),
       "field 'ballots_received': 10.5 is number, not a whole number"},
      {"string_count", Edit(R"("ballots_received":1010)", R"("ballots_received":"1010")"),
       "field 'ballots_received': \"1010\" is string"},
      {"too_large", Edit(R"("ballots_received":1010)", R"("ballots_received":2000000000000000)"),
       "is larger than 10^15"},
      {"bad_choice", Edit("[400,150,50]", "[400,-1,50]"),
       "field 'choice_votes[1]': -1 is negative"},
      {"no_choices", Edit("[400,150,50]", "[]"), "field 'choice_votes': is empty"},
      {"choices_not_array", Edit("[400,150,50]", "400"), "field 'choice_votes': is number"},
      {"no_commission", Edit(R"("commission_id":"PEC 0107-015",)", ""),
       "field 'commission_id': missing"},
      {"empty_commission", Edit(R"("PEC 0107-015")", R"("  ")"), "field 'commission_id': is empty"},
      {"bad_contest", Edit(R"("contest":"list")", R"("contest":"senate")"),
       "field 'contest': \"senate\" is not a contest"},
      {"list_with_district", Edit(R"("district":0)", R"("district":4)"),
       "field 'district': is 4, but a party-list protocol has district 0"},
      {"district_without_number",
       Edit(R"("contest":"list","district":0)", R"("contest":"district")"),
       "field 'district': missing"},
      {"bad_turnout",
       Edit(R"("turnout_reported_during_day":null)", R"("turnout_reported_during_day":true)"),
       "field 'turnout_reported_during_day': true is boolean"},
      {"partial_decision",
       Edit(R"(null})", R"(null,"decision":{"number":"1","date":"2023-03-21","reason":"x"}})"),
       "field 'decision.commission': missing"},
      {"empty_decision_field",
       Edit(R"(null})",
            R"(null,"decision":{"number":"1","date":" ","commission":"TEC","reason":"x"}})"),
       "field 'decision.date': is empty"},
      {"unknown_decision_key",
       Edit(R"(null})", R"(null,"decision":{"number":"1","signed":"yes"}})"),
       "field 'decision.signed': unknown key"},
      {"decision_not_object", Edit(R"(null})", R"(null,"decision":"12/45"})"),
       "field 'decision': is string"},
      {"not_utf8", Edit("PEC 0107-015", "PEC \xff"), "p.jsonl:2: the text is not valid UTF-8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::vector<ProtocolRow> rows =
        ReadAll(std::string(kGoodList) + "\n" + c.line + "\n" + kGoodList + "\n");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_TRUE(rows[0].protocol.has_value());
    EXPECT_FALSE(rows[1].protocol.has_value());
    EXPECT_FALSE(rows[1].decision.has_value());
    EXPECT_THAT(rows[1].error, HasSubstr("p.jsonl:2: "));
    EXPECT_THAT(rows[1].error, HasSubstr(c.message));
    ASSERT_TRUE(rows[2].protocol.has_value()) << rows[2].error;
    EXPECT_EQ(rows[2].protocol->choice_votes.size(), 3u);
  }
}

TEST(ProtocolJsonlTest, AnEmptyFileHasNoProtocols) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll("\n\n").empty());
}

// The same protocols written as CSV and as JSON Lines read back the same, decisions included;
// and a line is written in the documented layout.
TEST(ProtocolJsonlTest, RoundTripAgreesWithTheCsvReader) {
  std::vector<protocol::Protocol> protocols;
  std::vector<std::optional<protocol::Decision>> decisions;
  for (int i = 0; i < 6; ++i) {
    protocol::Protocol p;
    p.commission_id = i == 3 ? "PEC \"Ağaş\", 3" : "PEC-" + std::to_string(i);
    p.contest = i % 2 == 0 ? protocol::ContestRef{}
                           : protocol::ContestRef{protocol::ContestRef::Kind::kDistrict, i};
    p.voters_on_list = 1000 + i;
    p.voters_added_on_day = i;
    p.ballots_received = 900;
    p.ballots_issued_premises = 500 + i;
    p.ballots_issued_mobile = 7;
    p.ballots_unused = 300;
    p.ballots_spoiled = 2;
    p.ballots_in_stationary_boxes = 499;
    p.ballots_in_mobile_boxes = 7;
    p.invalid_ballots = 6;
    p.valid_ballots = 500;
    p.against_all = 3;
    p.choice_votes =
        i % 2 == 0 ? std::vector<int64_t>{100, 200, 197} : std::vector<int64_t>{300, 197};
    if (i % 3 == 0) {
      p.turnout_reported_during_day = 400;
    }
    protocols.push_back(p);
    decisions.push_back(i == 4 ? std::optional<protocol::Decision>(protocol::Decision{
                                     "5/1", "2023-03-20", "TEC \"Abai\"", "recount,\nordered"})
                               : std::nullopt);
  }
  std::string csv = ProtocolCsvHeader(3, DecisionColumns::kYes);
  std::string jsonl;
  for (size_t i = 0; i < protocols.size(); ++i) {
    AppendProtocolCsvRow(protocols[i], decisions[i], 3, csv);
    AppendProtocolJsonl(protocols[i], decisions[i], jsonl);
  }
  std::vector<ProtocolRow> from_csv;
  ASSERT_TRUE(
      ReadProtocolCsv(csv, "p.csv", [&](ProtocolRow&& row) { from_csv.push_back(row); }).ok());
  const std::vector<ProtocolRow> from_jsonl = ReadAll(jsonl);
  ASSERT_EQ(from_csv.size(), protocols.size());
  ASSERT_EQ(from_jsonl.size(), protocols.size());
  for (size_t i = 0; i < protocols.size(); ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(from_csv[i].protocol.has_value()) << from_csv[i].error;
    ASSERT_TRUE(from_jsonl[i].protocol.has_value()) << from_jsonl[i].error;
    EXPECT_TRUE(*from_csv[i].protocol == protocols[i]);
    EXPECT_TRUE(*from_jsonl[i].protocol == protocols[i]);
    EXPECT_EQ(from_csv[i].decision, decisions[i]);
    EXPECT_EQ(from_jsonl[i].decision, decisions[i]);
  }
  // The writer's layout is the documented one, key for key.
  const std::vector<ProtocolRow> good = ReadAll(kGoodList);
  ASSERT_EQ(good.size(), 1u);
  ASSERT_TRUE(good[0].protocol.has_value()) << good[0].error;
  std::string line;
  AppendProtocolJsonl(*good[0].protocol, std::nullopt, line);
  EXPECT_EQ(line, std::string(kGoodList) + "\n");
}

// Mutated lines (bytes replaced, dropped or duplicated) never crash the reader, and every line
// gives a protocol or a message naming the file and its line.
TEST(ProtocolJsonlTest, MutatedLinesNeverCrash) {
  std::mt19937 random(20260322);
  const std::string good = kGoodList;
  constexpr std::string_view kAlphabet = "{}[]\":,-.0123456789eE \\tnul\xc3\xa9\xff";
  for (int round = 0; round < 2000; ++round) {
    std::string line = good;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !line.empty(); ++e) {
      const size_t at = random() % line.size();
      switch (random() % 3) {
        case 0:
          line[at] = kAlphabet[random() % kAlphabet.size()];
          break;
        case 1:
          line.erase(at, 1 + random() % 8);
          break;
        default:
          line.insert(at, line.substr(at, random() % 12));
          break;
      }
    }
    int64_t rows = 0;
    const Status status = ReadProtocolJsonl(line, "p.jsonl", [&](ProtocolRow&& row) {
      ++rows;
      if (!row.protocol.has_value()) {
        EXPECT_THAT(row.error, HasSubstr("p.jsonl:1: ")) << line;
      }
    });
    EXPECT_TRUE(status.ok());
    EXPECT_LE(rows, 1);
  }
}

}  // namespace
}  // namespace esep::io
