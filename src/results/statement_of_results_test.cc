#include "results/statement_of_results.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::results {
namespace {

using ::testing::HasSubstr;

constexpr char kDefinition[] = R"({
  "format": "esep-election/1", "id": "toy", "title": "Toy election", "date": "2024-01-07",
  "country": "Toyland", "rule_set": "kz-majilis-2023",
  "parties": [
    {"id": "red", "name": "Red Party", "short_name": "Red", "ballot_number": 1,
     "registered_on": "2023-12-01", "list_candidates": 3},
    {"id": "blue", "name": "Blue Party", "short_name": "Blue", "ballot_number": 2,
     "registered_on": "2023-12-02", "list_candidates": 10}
  ],
  "regions": [
    {"id": "north", "name": "North", "kind": "region"},
    {"id": "south", "name": "South", "kind": "region"}
  ],
  "districts": [{"number": 1, "region": "north"}, {"number": 2, "region": "south"},
                {"number": 3, "region": "south"}]
})";

// Synthetic toy data, not a real election. South's published turnout (50.00%) does not
// follow from its counts (90 / 200 = 45.00%), and the national Blue total is off by one, so
// the national row's parts no longer add up to its ballots either.
constexpr char kTable[] =
    "region,registered,Red,Blue,against_all,invalid,ballots_total,turnout_pct\n"
    "North,100,40,20,0,0,60,60.00%\n"
    "South,200,50,30,5,5,90,50.00%\n"
    "Toyland,300,90,51,5,5,150,50.00%\n";

constexpr char kDistricts[] =
    "district,region,winner,winner_affiliation,winner_votes,winner_pct,runner_up,"
    "runner_up_affiliation,runner_up_votes,runner_up_pct\n"
    "1,North,Ann,Red,30,50.0,Bob,Independent (Blue),20,33.3\n"
    "2,South,Cat,Independent (Red),25,41.7,Dan,Blue,20,33.3\n"
    "3,South,Eve,Blue,10,30.0,Fay,Red,12,35.0\n";

model::ElectionData ToyData() {
  model::ElectionData data;
  data.directory = "toy";
  data.definition = *io::ParseElectionDefinition(kDefinition, "toy.json");
  data.party_list = *io::ParsePartyListTable(kTable, "toy.csv", data.definition);
  data.districts = *io::ParseDistrictTable(kDistricts, "toy_districts.csv", data.definition);
  return data;
}

law::RuleSet ToyRules() {
  law::RuleSet rules = *law::FindRuleSet("kz-majilis-2023");
  rules.list.seats = 5;
  rules.district_seats = 3;
  return rules;
}

TEST(StatementOfResultsTest, SumsTheRegionsIntoTheNation) {
  Result<StatementOfResults> statement = BuildStatement(ToyData(), ToyRules(), 0);
  ASSERT_TRUE(statement.has_value()) << statement.error().message();
  EXPECT_EQ(statement->national.party_votes, (std::vector<int64_t>{90, 50}));
  EXPECT_EQ(statement->national.ballots_total, 150);
  EXPECT_EQ(statement->national.percent_base(), 145);
  ASSERT_EQ(statement->regions.size(), 2u);
  EXPECT_EQ(statement->regions[1].name, "South");
}

TEST(StatementOfResultsTest, ReportsEveryPublishedFigureThatDoesNotFollow) {
  Result<StatementOfResults> statement = BuildStatement(ToyData(), ToyRules(), 0);
  ASSERT_TRUE(statement.has_value()) << statement.error().message();
  std::vector<std::string> differing;
  for (const Check& check : statement->checks) {
    if (!check.agrees) {
      differing.push_back(check.where + " | " + check.what + " | " + check.published + " | " +
                          check.computed);
    }
  }
  ASSERT_EQ(differing.size(), 4u) << ::testing::PrintToString(differing);
  EXPECT_THAT(differing[0], HasSubstr("toy.csv:3 (South) | turnout"));
  EXPECT_THAT(differing[0], HasSubstr("50.00% | 45.00%"));
  EXPECT_THAT(differing[1], HasSubstr("toy.csv:4 (Toyland) | ballots_total = lists + against all "
                                      "+ invalid | 150 | 151"));
  EXPECT_THAT(differing[2], HasSubstr("toy.csv:4 (Toyland) | Blue = sum of the regions | 51 | 50"));
  // District 3's published "winner" has fewer votes than the runner-up.
  EXPECT_THAT(differing[3], HasSubstr("district 3"));
  EXPECT_THAT(differing[3], HasSubstr("| Eve | Fay"));
}

TEST(StatementOfResultsTest, ComposesTheHouseWithVacantSeatsAndIndependents) {
  Result<StatementOfResults> statement = BuildStatement(ToyData(), ToyRules(), 0);
  ASSERT_TRUE(statement.has_value()) << statement.error().message();
  // 5 list seats: Red 90 and Blue 50 of 140 → Hare quota 28: Red 3 + 0.21, Blue 1 + 0.79 →
  // Red 3, Blue 2. Red has 3 candidates, so nothing is vacant.
  ASSERT_TRUE(statement->allocation.has_value());
  EXPECT_EQ(statement->allocation->rows[0].seats, 3);
  EXPECT_EQ(statement->allocation->rows[1].seats, 2);
  std::map<std::string, int64_t> total;
  for (const CompositionLine& line : statement->composition) {
    total[line.affiliation] = line.total();
  }
  EXPECT_EQ(total["Red Party"], 3 + 2);  // list + districts 1 and 3 (Fay)
  EXPECT_EQ(total["Blue Party"], 2);
  EXPECT_EQ(total["Independent"], 1);  // Cat, Independent (Red)
  EXPECT_EQ(statement->house_size, 8);
}

TEST(StatementOfResultsTest, AgainstAllLeadingADistrictElectsNoOne) {
  model::ElectionData data = ToyData();
  data.districts = *io::ParseDistrictTable(
      "district,region,winner,winner_affiliation,winner_votes,winner_pct,runner_up,"
      "runner_up_affiliation,runner_up_votes,runner_up_pct,against_all\n"
      "1,North,Ann,Red,30,50.0,Bob,Blue,20,33.3,\n"
      "2,South,Cat,Red,25,41.7,Dan,Blue,20,33.3,31\n"
      "3,South,Eve,Blue,12,30.0,Fay,Red,10,35.0,2\n",
      "toy_districts.csv", data.definition);
  Result<StatementOfResults> statement = BuildStatement(data, ToyRules(), 0);
  ASSERT_TRUE(statement.has_value()) << statement.error().message();
  const DistrictLine& second = statement->districts[1];
  EXPECT_EQ(second.outcome.kind, law::DistrictOutcomeKind::kAgainstAllLeads);
  EXPECT_FALSE(second.outcome.winner.has_value());
  int64_t district_seats = 0;
  for (const CompositionLine& line : statement->composition) {
    district_seats += line.district_seats;
  }
  EXPECT_EQ(district_seats, 2);  // district 2 elected no one
}

TEST(StatementOfResultsTest, WithoutAPartyListTableThereIsNoStatement) {
  model::ElectionData data = ToyData();
  data.party_list.reset();
  Result<StatementOfResults> statement = BuildStatement(data, ToyRules(), 0);
  ASSERT_FALSE(statement.has_value());
  EXPECT_EQ(statement.error().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace esep::results
