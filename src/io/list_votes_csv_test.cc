// Tests for the party-list vote CSV reader (the input of `esep seats`).

#include "io/list_votes_csv.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace esep::io {
namespace {

struct WantList {
  std::string name;
  int64_t votes;
  std::optional<std::string> registered_on;
  std::optional<int64_t> candidates;
};

void ExpectLists(const law::ListContestVotes& got, const std::vector<WantList>& want) {
  ASSERT_EQ(got.lists.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].name);
    EXPECT_EQ(got.lists[i].name, want[i].name);
    EXPECT_EQ(got.lists[i].votes, want[i].votes);
    EXPECT_EQ(got.lists[i].registered_on, want[i].registered_on);
    EXPECT_EQ(got.lists[i].candidates, want[i].candidates);
  }
}

struct GoodCase {
  const char* name;
  std::string_view text;
  std::vector<WantList> want_lists;
  int64_t want_against_all;
  int64_t want_invalid;
};

TEST(ListVotesCsvTest, ParsesValidFiles) {
  const GoodCase cases[] = {
      {"minimal",
       "party,votes\nAmanat,3431510\nAk Zhol,536995\n",
       {{"Amanat", 3431510, std::nullopt, std::nullopt},
        {"Ak Zhol", 536995, std::nullopt, std::nullopt}},
       0,
       0},
      {"zero_votes", "party,votes\nA,0\n", {{"A", 0, std::nullopt, std::nullopt}}, 0, 0},
      {"all_columns_any_order_and_case",
       "Candidates,Registered,VOTES,Party\n"
       "49,2023-01-20,3431510,Amanat\n"
       "25,2023-01-25,536995,Ak Zhol\n",
       {{"Amanat", 3431510, "2023-01-20", 49}, {"Ak Zhol", 536995, "2023-01-25", 25}},
       0,
       0},
      {"optional_fields_left_empty",
       "party,votes,registered,candidates\nA,10,,\nB,20, 2023-02-01 , 7 \n",
       {{"A", 10, std::nullopt, std::nullopt}, {"B", 20, "2023-02-01", 7}},
       0,
       0},
      {"ballot_lines_are_not_parties",
       "party,votes\nA,100\nAgainst all,30\nB,50\nINVALID,12\n",
       {{"A", 100, std::nullopt, std::nullopt}, {"B", 50, std::nullopt, std::nullopt}},
       30,
       12},
      {"ballot_lines_any_case_and_spacing",
       "party,votes\n  AGAINST   ALL ,30\ninvalid,12\nA,100\n",
       {{"A", 100, std::nullopt, std::nullopt}},
       30,
       12},
      {"padded_and_quoted",
       "party,votes\n\"Nur, Otan\" , \" 42 \"\n  B  ,  7  \n",
       {{"Nur, Otan", 42, std::nullopt, std::nullopt}, {"B", 7, std::nullopt, std::nullopt}},
       0,
       0},
      {"crlf_bom_blank_lines",
       "\xEF\xBB\xBFparty,votes\r\n\r\nA,1\r\n\r\nB,2\r\n",
       {{"A", 1, std::nullopt, std::nullopt}, {"B", 2, std::nullopt, std::nullopt}},
       0,
       0},
      {"unknown_column_ignored",
       "party,votes,note\nA,1,first\n",
       {{"A", 1, std::nullopt, std::nullopt}},
       0,
       0},
  };
  for (const GoodCase& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<law::ListContestVotes> got = ParseListVotesCsv(c.text, "votes.csv");
    ASSERT_TRUE(got.has_value()) << got.error().ToString();
    ExpectLists(*got, c.want_lists);
    EXPECT_EQ(got->against_all, c.want_against_all);
    EXPECT_EQ(got->invalid, c.want_invalid);
  }
}

struct BadCase {
  const char* name;
  std::string_view text;
  // Each must appear in the message: the place, the field and the rule.
  std::vector<std::string> want_in_message;
};

TEST(ListVotesCsvTest, RejectsBadFilesNamingPlaceFieldAndRule) {
  const BadCase cases[] = {
      {"negative_votes",
       "party,votes\nA,10\nB,-5\n",
       {"votes.csv:3:", "field 'votes'", "'B'", "'-5' is negative", "0 or more"}},
      {"non_numeric_votes",
       "party,votes\nA,abc\n",
       {"votes.csv:2:", "field 'votes'", "'abc' is not a whole number"}},
      {"decimal_votes",
       "party,votes\nA,1.5\n",
       {"votes.csv:2:", "field 'votes'", "'1.5' is not a whole number"}},
      {"thousands_separator_votes",
       "party,votes\nA,\"1,000\"\n",
       {"votes.csv:2:", "field 'votes'", "'1,000' is not a whole number"}},
      {"empty_votes", "party,votes\nA,\n", {"votes.csv:2:", "field 'votes'", "empty"}},
      {"negative_against_all",
       "party,votes\nA,10\nAgainst all,-1\n",
       {"votes.csv:3:", "field 'votes'", "negative"}},
      {"empty_party", "party,votes\nA,1\n  ,5\n", {"votes.csv:3:", "field 'party' is empty"}},
      {"duplicate_party",
       "party,votes\nAmanat,10\nB,5\nAmanat,20\n",
       {"votes.csv:4:", "party 'Amanat'", "already given on line 2", "appear once"}},
      {"duplicate_party_other_case_and_spacing",
       "party,votes\n\nAk Zhol,10\nB,5\nAK  ZHOL,20\n",
       {"votes.csv:5:", "party 'AK  ZHOL'", "already given on line 3"}},
      {"second_against_all",
       "party,votes\nA,10\nAgainst all,3\nAGAINST ALL,4\n",
       {"votes.csv:4:", "a second 'AGAINST ALL' row", "once"}},
      {"second_invalid",
       "party,votes\nInvalid,1\nA,10\ninvalid,2\n",
       {"votes.csv:4:", "a second 'invalid' row"}},
      {"bad_month",
       "party,votes,registered\nA,10,2023-13-01\n",
       {"votes.csv:2:", "field 'registered'", "'2023-13-01'", "YYYY-MM-DD"}},
      {"bad_date_format",
       "party,votes,registered\nA,10,2023-01-20\nB,5,20.01.2023\n",
       {"votes.csv:3:", "field 'registered' of 'B'", "'20.01.2023'", "YYYY-MM-DD"}},
      {"bad_candidates",
       "party,votes,candidates\nA,10,many\n",
       {"votes.csv:2:", "field 'candidates' of 'A'", "'many' is not a whole number"}},
      {"missing_votes_column",
       "party,count\nA,10\n",
       {"votes.csv:1:", "'party' and 'votes'", "party,count"}},
      {"missing_party_column",
       "name,votes\nA,10\n",
       {"votes.csv:1:", "'party' and 'votes'", "name,votes"}},
      {"empty_file", "", {"votes.csv", "the file is empty"}},
      {"header_only", "party,votes\n", {"votes.csv", "no party rows"}},
      {"only_ballot_lines",
       "party,votes\nAgainst all,5\nInvalid,2\n",
       {"votes.csv", "no party rows"}},
      {"csv_error", "party,votes\nA,10\nB\n", {"votes.csv:3:", "1 fields"}},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<law::ListContestVotes> got = ParseListVotesCsv(c.text, "votes.csv");
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code(), StatusCode::kInvalidArgument);
    const std::string& message = got.error().message();
    EXPECT_EQ(message.rfind("votes.csv", 0), 0u) << message;
    for (const std::string& part : c.want_in_message) {
      EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' is not in: " << message;
    }
  }
}

TEST(ListVotesCsvTest, IsIsoDate) {
  struct Case {
    const char* text;
    bool want;
  };
  const Case cases[] = {
      {"2023-01-20", true},
      {"1999-12-31", true},
      {"2023-01-01", true},
      {"2023-00-10", false},
      {"2023-13-10", false},
      {"2023-01-00", false},
      {"2023-01-32", false},
      {"2023-1-20", false},
      {"20.01.2023", false},
      {"2023/01/20", false},
      {"2023-01-2a", false},
      {"", false},
      {" 2023-01-20", false},
      {"2023-01-200", false},
      // The calendar: February has 28 days, 29 in a leap year (2000 was one, 1900 was not).
      {"2023-02-29", false},
      {"2024-02-29", true},
      {"2000-02-29", true},
      {"1900-02-29", false},
      {"2023-04-31", false},
      {"2023-02-31", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(IsIsoDate(c.text), c.want);
  }
}

TEST(ListVotesCsvTest, ReadsFileAndNamesItInErrors) {
  const std::string path = ::testing::TempDir() + "esep_list_votes_csv_test.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "party,votes\nA,10\nB,x\n";
  }
  const Result<law::ListContestVotes> got = ReadListVotesCsv(path);
  std::remove(path.c_str());
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().message().rfind(path + ":3: field 'votes'", 0), 0u)
      << got.error().message();
}

TEST(ListVotesCsvTest, MissingFileIsNotFound) {
  const Result<law::ListContestVotes> got = ReadListVotesCsv("/nonexistent/esep/votes.csv");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace esep::io
