#include "results/result_rows.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "results/internal/results_test_util.h"

namespace esep::results {
namespace {

using internal::ToyElection;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<ResultRow> Rows(const ToyElection& toy, ResultLevel level,
                            std::optional<std::string> unit = std::nullopt) {
  Result<std::vector<ResultRow>> rows = ResultRows(toy.source(), {level, std::move(unit)});
  EXPECT_TRUE(rows.has_value()) << rows.error().message();
  return rows.has_value() ? *rows : std::vector<ResultRow>{};
}

std::vector<std::string> Ids(const std::vector<ResultRow>& rows) {
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const ResultRow& row : rows) {
    ids.push_back(row.unit_id + "/" + row.contest.ToString());
  }
  return ids;
}

TEST(ResultRowsTest, NationalRowSumsEveryAcceptedListProtocol) {
  const ToyElection toy;
  ASSERT_TRUE(toy.added_all);
  const std::vector<ResultRow> rows = Rows(toy, ResultLevel::kNational);
  ASSERT_EQ(rows.size(), 1u);
  const ResultRow& nation = rows[0];
  EXPECT_EQ(nation.unit_id, "CEC");
  EXPECT_EQ(nation.unit_name, "Toyland");
  EXPECT_EQ(nation.parent_id, "");
  EXPECT_EQ(nation.contest.ToString(), "list");
  EXPECT_EQ(nation.protocols, 3);  // P3 has no list protocol
  EXPECT_EQ(nation.expected, 4);
  EXPECT_EQ(nation.status, ResultStatus::kPreliminary);
  EXPECT_THAT(nation.choice_names, ElementsAre("Red", "Blue"));
  EXPECT_THAT(nation.counts.choice_votes, ElementsAre(45, 115));
  EXPECT_EQ(nation.counts.voters_on_list, 350);
  EXPECT_EQ(nation.counts.against_all, 2);
  EXPECT_EQ(nation.counts.invalid_ballots, 1);
  EXPECT_EQ(nation.counts.ballots_received, 380);
  // 163 ballots issued of 350 voters = 46.5714...%, rounded half up from the integers.
  EXPECT_EQ(nation.counts.ballots_issued(), 163);
  EXPECT_EQ(nation.turnout_percent, "46.57");
}

TEST(ResultRowsTest, EveryLevelWithParentsProgressAndStatus) {
  const ToyElection toy;
  const std::vector<ResultRow> regions = Rows(toy, ResultLevel::kRegion);
  EXPECT_THAT(Ids(regions), ElementsAre("north/list", "south/list"));
  EXPECT_EQ(regions[0].unit_name, "North");
  EXPECT_EQ(regions[0].parent_id, "CEC");
  EXPECT_EQ(regions[0].protocols, 2);
  EXPECT_EQ(regions[0].expected, 3);
  EXPECT_EQ(regions[0].status, ResultStatus::kPreliminary);
  EXPECT_THAT(regions[0].counts.choice_votes, ElementsAre(35, 25));
  EXPECT_EQ(regions[1].status, ResultStatus::kFinal);
  EXPECT_EQ(regions[1].turnout_percent, "50.00");

  const std::vector<ResultRow> territorials = Rows(toy, ResultLevel::kTerritorial);
  EXPECT_THAT(Ids(territorials), ElementsAre("T-N1/list", "T-N2/list", "T-S/list"));
  EXPECT_EQ(territorials[0].parent_id, "north");
  EXPECT_EQ(territorials[0].unit_name, "North city");
  EXPECT_EQ(territorials[0].status, ResultStatus::kFinal);
  EXPECT_EQ(territorials[1].protocols, 0);
  EXPECT_EQ(territorials[1].status, ResultStatus::kPreliminary);
  EXPECT_EQ(territorials[1].turnout_percent, "–");  // no voters counted yet
  EXPECT_EQ(territorials[2].parent_id, "south");

  const std::vector<ResultRow> districts = Rows(toy, ResultLevel::kDistrict);
  EXPECT_THAT(Ids(districts), ElementsAre("1/district 1", "2/district 2"));
  EXPECT_EQ(districts[0].unit_name, "District commission No. 1");
  EXPECT_THAT(districts[0].choice_names, ElementsAre("Ann Ay", "Bob Bek"));
  EXPECT_THAT(districts[0].counts.choice_votes, ElementsAre(32, 31));
  EXPECT_EQ(districts[0].protocols, 3);
  EXPECT_EQ(districts[0].status, ResultStatus::kFinal);
  // District 2 lists no candidates: the ballot's length comes from its protocols.
  EXPECT_THAT(districts[1].choice_names, ElementsAre("candidate 1", "candidate 2", "candidate 3"));

  const std::vector<ResultRow> precincts = Rows(toy, ResultLevel::kPrecinct);
  EXPECT_THAT(Ids(precincts), ElementsAre("P1/list", "P1/district 1", "P2/list", "P2/district 1",
                                          "P3/district 1", "P4/list", "P4/district 2"));
  EXPECT_EQ(precincts[0].parent_id, "T-N1");
  EXPECT_EQ(precincts[1].parent_id, "1");
  EXPECT_EQ(precincts[2].unit_name, "Precinct 2, annex");
  EXPECT_EQ(precincts[0].protocols, 1);
  EXPECT_EQ(precincts[0].expected, 1);
  EXPECT_EQ(precincts[0].status, ResultStatus::kFinal);
  EXPECT_EQ(precincts[0].turnout_percent, "53.00");
}

// Bottom-up: the precinct rows of each unit add up to the unit's row from the tabulator.
TEST(ResultRowsTest, PrecinctRowsAddUpToEveryUnitAboveThem) {
  const ToyElection toy;
  struct Case {
    ResultLevel level;
    std::string unit;
    protocol::ContestRef contest;
  };
  const Case cases[] = {{ResultLevel::kNational, "CEC", {}},
                        {ResultLevel::kRegion, "north", {}},
                        {ResultLevel::kRegion, "south", {}},
                        {ResultLevel::kTerritorial, "T-N1", {}},
                        {ResultLevel::kDistrict, "1", internal::ToyDistrict(1)},
                        {ResultLevel::kDistrict, "2", internal::ToyDistrict(2)}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.unit);
    const std::vector<ResultRow> unit = Rows(toy, c.level, c.unit);
    ASSERT_EQ(unit.size(), 1u);
    protocol::Protocol sum;
    int64_t protocols = 0;
    for (const ResultRow& row : Rows(toy, ResultLevel::kPrecinct, c.unit)) {
      if (row.contest == c.contest) {
        tabulation::AddInto(sum, row.counts);
        ++protocols;
      }
    }
    EXPECT_EQ(protocols, unit[0].protocols);
    EXPECT_EQ(sum.choice_votes, unit[0].counts.choice_votes);
    for (const AccountField& field : BallotAccountFields()) {
      EXPECT_EQ(sum.Get(field.figure), unit[0].counts.Get(field.figure)) << field.key;
    }
    EXPECT_EQ(sum.against_all, unit[0].counts.against_all);
  }
}

TEST(ResultRowsTest, OneUnitByAnyOfItsNames) {
  const ToyElection toy;
  struct Case {
    ResultLevel level;
    const char* unit;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {ResultLevel::kNational, "CEC", {"CEC/list"}},
      {ResultLevel::kRegion, "north", {"north/list"}},
      {ResultLevel::kRegion, "South City", {"south/list"}},
      {ResultLevel::kRegion, "TEC-N", {"north/list"}},
      {ResultLevel::kDistrict, "2", {"2/district 2"}},
      {ResultLevel::kDistrict, "district 1", {"1/district 1"}},
      {ResultLevel::kDistrict, "DEC-2", {"2/district 2"}},
      {ResultLevel::kTerritorial, "T-N2", {"T-N2/list"}},
      {ResultLevel::kPrecinct, "P3", {"P3/district 1"}},
      {ResultLevel::kPrecinct, "T-N1", {"P1/list", "P1/district 1", "P2/list", "P2/district 1"}},
      {ResultLevel::kPrecinct, "south", {"P4/list", "P4/district 2"}},
      {ResultLevel::kPrecinct, "2", {"P4/list", "P4/district 2"}},
      {ResultLevel::kPrecinct,
       "DEC-1",
       {"P1/list", "P1/district 1", "P2/list", "P2/district 1", "P3/district 1"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.unit);
    EXPECT_EQ(Ids(Rows(toy, c.level, c.unit)), c.want);
  }
}

TEST(ResultRowsTest, AnUnknownUnitIsAnErrorThatSaysWhereValidOnesAre) {
  const ToyElection toy;
  struct Case {
    ResultLevel level;
    const char* unit;
    const char* message;
  };
  const Case cases[] = {
      {ResultLevel::kNational, "Toy", "the national level has one unit, 'CEC'"},
      {ResultLevel::kRegion, "west",
       "'west' is not a region of toy; regions are named by id, "
       "name or their regional commission's id: north, south"},
      {ResultLevel::kRegion, "T-N1", "'T-N1' is not a region"},
      {ResultLevel::kDistrict, "3", "districts are named by number (1 to 2)"},
      {ResultLevel::kDistrict, "0", "'0' is not a district"},
      {ResultLevel::kTerritorial, "P1", "rows of commissions.csv with level 'territorial'"},
      {ResultLevel::kPrecinct, "P9", "'P9' is neither a commission, a region nor a district"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.unit);
    int emitted = 0;
    const Status status =
        ForEachResultRow(toy.source(), {c.level, c.unit}, [&](const ResultRow&) { ++emitted; });
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr(c.message));
    EXPECT_EQ(emitted, 0);
  }
}

TEST(ResultRowsTest, AnOpenCorrectionKeepsEveryUnitAboveItPreliminary) {
  ToyElection toy;
  toy.open_corrections = {"P4"};
  EXPECT_EQ(Rows(toy, ResultLevel::kRegion, "south")[0].status, ResultStatus::kPreliminary);
  EXPECT_EQ(Rows(toy, ResultLevel::kTerritorial, "T-S")[0].status, ResultStatus::kPreliminary);
  EXPECT_EQ(Rows(toy, ResultLevel::kDistrict, "2")[0].status, ResultStatus::kPreliminary);
  for (const ResultRow& row : Rows(toy, ResultLevel::kPrecinct, "P4")) {
    EXPECT_EQ(row.status, ResultStatus::kPreliminary);
  }
  // Units without P4 are unaffected.
  EXPECT_EQ(Rows(toy, ResultLevel::kTerritorial, "T-N1")[0].status, ResultStatus::kFinal);
  EXPECT_EQ(Rows(toy, ResultLevel::kDistrict, "1")[0].status, ResultStatus::kFinal);
  EXPECT_EQ(Rows(toy, ResultLevel::kPrecinct, "P1")[0].status, ResultStatus::kFinal);

  // A district commission's own correction touches its district, not the party list.
  toy.open_corrections = {"DEC-1"};
  EXPECT_EQ(Rows(toy, ResultLevel::kDistrict, "1")[0].status, ResultStatus::kPreliminary);
  EXPECT_EQ(Rows(toy, ResultLevel::kTerritorial, "T-N1")[0].status, ResultStatus::kFinal);
}

TEST(ResultRowsTest, ProtocolsOutsideTheDefinitionAreRefused) {
  ToyElection toy;
  toy.protocols.push_back(internal::ToyProtocol("T-N1", {}, 10, {1, 1}));
  Status status = ResultRows(toy.source(), {ResultLevel::kPrecinct, std::nullopt}).status();
  EXPECT_THAT(status.message(), HasSubstr("'T-N1' (list): not a precinct commission of toy"));
  toy.protocols.back() = internal::ToyProtocol("P1", {}, 100, {30, 20}, 2, 1);
  status = ResultRows(toy.source(), {ResultLevel::kPrecinct, std::nullopt}).status();
  EXPECT_THAT(status.message(), HasSubstr("two protocols of 'P1' for the list contest"));
}

TEST(ResultRowsTest, LevelsAndContestsOfAQuery) {
  EXPECT_EQ(*ParseResultLevel("Territorial"), ResultLevel::kTerritorial);
  EXPECT_THAT(ParseResultLevel("county").status().message(),
              HasSubstr("levels are national, region, district, territorial, precinct"));
  const ToyElection toy;
  auto contests = [&](ResultLevel level, std::optional<std::string> unit) {
    std::vector<std::string> names;
    const Result<std::vector<protocol::ContestRef>> found =
        ResultContests(toy.source(), {level, std::move(unit)});
    EXPECT_TRUE(found.has_value());
    for (const protocol::ContestRef& contest : found.value()) {
      names.push_back(contest.ToString());
    }
    return names;
  };
  EXPECT_THAT(contests(ResultLevel::kRegion, std::nullopt), ElementsAre("list"));
  EXPECT_THAT(contests(ResultLevel::kDistrict, std::nullopt),
              ElementsAre("district 1", "district 2"));
  EXPECT_THAT(contests(ResultLevel::kPrecinct, std::nullopt),
              ElementsAre("list", "district 1", "district 2"));
  EXPECT_THAT(contests(ResultLevel::kPrecinct, "T-S"), ElementsAre("list", "district 2"));
  EXPECT_THAT(contests(ResultLevel::kPrecinct, "P1"), ElementsAre("list", "district 1"));
}

}  // namespace
}  // namespace esep::results
