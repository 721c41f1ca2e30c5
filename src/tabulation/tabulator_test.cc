#include "tabulation/tabulator.h"

#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/commission_table.h"
#include "io/election_data.h"

namespace esep::tabulation {
namespace {

using ::testing::HasSubstr;

constexpr char kDefinition[] = R"json({
  "format": "esep-election/1", "id": "toy", "title": "Toy election (synthetic)",
  "date": "2024-01-07", "country": "Toyland", "rule_set": "kz-majilis-2023",
  "parties": [
    {"id": "red", "name": "Red", "short_name": "Red", "ballot_number": 1,
     "registered_on": "2023-12-01", "list_candidates": 3},
    {"id": "blue", "name": "Blue", "short_name": "Blue", "ballot_number": 2,
     "registered_on": "2023-12-02", "list_candidates": 3}],
  "regions": [{"id": "north", "name": "North", "kind": "region"},
              {"id": "south", "name": "South", "kind": "region"}],
  "districts": [{"number": 1, "region": "north"}, {"number": 2, "region": "south"}]
})json";

constexpr char kTree[] =
    "id,level,parent,name,region,district,abroad\n"
    "CEC,cec,,Central,,,\n"
    "TEC-N,regional,CEC,North,north,,\n"
    "TEC-S,regional,CEC,South,south,,\n"
    "T-N,territorial,TEC-N,North city,north,,\n"
    "T-S,territorial,TEC-S,South city,south,,\n"
    "P1,precinct,T-N,P1,north,1,\n"
    "P2,precinct,T-N,P2,north,1,\n"
    "P3,precinct,T-S,P3,south,2,\n";

model::ElectionDefinition Definition() {
  model::ElectionDefinition definition = *io::ParseElectionDefinition(kDefinition, "toy.json");
  definition.commissions = *io::ParseCommissionTable(kTree, "toy.csv", definition);
  return definition;
}

// A consistent protocol with `voters` voters, `issued` ballots and these choices (all valid).
protocol::Protocol Make(std::string commission, protocol::ContestRef contest, int64_t voters,
                        std::vector<int64_t> choices) {
  protocol::Protocol p;
  p.commission_id = std::move(commission);
  p.contest = contest;
  int64_t valid = 0;
  for (int64_t v : choices) {
    valid += v;
  }
  p.voters_on_list = voters;
  p.ballots_received = voters;
  p.ballots_issued_premises = valid;
  p.ballots_unused = voters - valid;
  p.ballots_in_stationary_boxes = valid;
  p.valid_ballots = valid;
  p.choice_votes = std::move(choices);
  return p;
}

const protocol::ContestRef kList{};
protocol::ContestRef District(int number) {
  return {protocol::ContestRef::Kind::kDistrict, number};
}

TEST(TabulatorTest, SumsUpTheTreeWithProgressAtEveryLevel) {
  const model::ElectionDefinition definition = Definition();
  Result<Tabulator> tabulator = Tabulator::Create(definition);
  ASSERT_TRUE(tabulator.has_value()) << tabulator.error().message();
  EXPECT_EQ(tabulator->national().expected, 3);
  EXPECT_EQ(tabulator->districts()[0].expected, 2);

  ASSERT_TRUE(tabulator->Add(Make("P1", kList, 100, {30, 20})).ok());
  ASSERT_TRUE(tabulator->Add(Make("P3", kList, 200, {10, 90})).ok());
  ASSERT_TRUE(tabulator->Add(Make("P1", District(1), 100, {25, 25})).ok());

  const Tally& nation = tabulator->national();
  EXPECT_EQ(nation.protocols, 2);
  EXPECT_FALSE(nation.complete());
  EXPECT_EQ(nation.sum.choice_votes, (std::vector<int64_t>{40, 110}));
  EXPECT_EQ(nation.sum.voters_on_list, 300);
  EXPECT_EQ(tabulator->regions()[0].sum.choice_votes, (std::vector<int64_t>{30, 20}));
  EXPECT_EQ(tabulator->regions()[0].protocols, 1);
  EXPECT_EQ(tabulator->regions()[0].expected, 2);
  EXPECT_EQ(tabulator->territorials()[1].sum.valid_ballots, 100);
  EXPECT_EQ(tabulator->districts()[0].sum.choice_votes, (std::vector<int64_t>{25, 25}));
  EXPECT_EQ(tabulator->districts()[1].protocols, 0);

  ASSERT_TRUE(tabulator->Add(Make("P2", kList, 50, {5, 5})).ok());
  EXPECT_TRUE(tabulator->national().complete());
  EXPECT_TRUE(tabulator->regions()[0].complete());
}

// Tree order, its reverse and a mixed order find every precinct (by its neighbour or through
// the index) and give the same sums; an unknown id is refused whatever came before it.
TEST(TabulatorTest, TheOrderOfArrivalDoesNotChangeTheSums) {
  const model::ElectionDefinition definition = Definition();
  const std::vector<protocol::Protocol> protocols = {
      Make("P1", kList, 100, {30, 20}), Make("P1", District(1), 100, {25, 25}),
      Make("P2", kList, 50, {5, 5}),    Make("P2", District(1), 50, {4, 6}),
      Make("P3", kList, 200, {10, 90}), Make("P3", District(2), 200, {60, 40})};
  const std::vector<std::vector<size_t>> orders = {
      {0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {4, 0, 3, 5, 1, 2}};
  for (const std::vector<size_t>& order : orders) {
    Result<Tabulator> tabulator = Tabulator::Create(definition);
    ASSERT_TRUE(tabulator.has_value());
    for (const size_t i : order) {
      ASSERT_TRUE(tabulator->Add(protocols[i]).ok()) << i;
      EXPECT_FALSE(tabulator->Add(Make("P4", kList, 1, {1, 0})).ok());
    }
    EXPECT_TRUE(tabulator->national().complete());
    EXPECT_EQ(tabulator->national().sum.choice_votes, (std::vector<int64_t>{45, 115}));
    EXPECT_EQ(tabulator->districts()[0].sum.choice_votes, (std::vector<int64_t>{29, 31}));
    EXPECT_EQ(tabulator->districts()[1].sum.choice_votes, (std::vector<int64_t>{60, 40}));
    EXPECT_EQ(tabulator->territorials()[0].sum.voters_on_list, 150);
  }
}

TEST(TabulatorTest, RefusesWhatDoesNotBelongAndAddsNothingOfIt) {
  const model::ElectionDefinition definition = Definition();
  Tabulator tabulator = *Tabulator::Create(definition);
  ASSERT_TRUE(tabulator.Add(Make("P1", kList, 100, {30, 20})).ok());
  struct Case {
    const char* name;
    protocol::Protocol protocol;
    const char* message;
  };
  const Case cases[] = {
      {"unknown_commission", Make("P9", kList, 10, {1, 1}), "'P9' is not a precinct commission"},
      {"territorial_commission", Make("T-N", kList, 10, {1, 1}), "'T-N' is not a precinct"},
      {"wrong_ballot", Make("P2", kList, 10, {1, 1, 1}), "the party-list ballot has 2 lists"},
      {"second_list_protocol", Make("P1", kList, 100, {30, 20}), "a second party-list protocol"},
      {"other_district", Make("P1", District(2), 100, {30, 20}),
       "the precinct votes in district 1, not in district 2"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Status status = tabulator.Add(c.protocol);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr(c.message));
    // Check refuses the same, except a second protocol: that is the store's to decide.
    const Status checked = tabulator.Check(c.protocol);
    if (std::string_view(c.name) == "second_list_protocol") {
      EXPECT_TRUE(checked.ok()) << checked.message();
    } else {
      EXPECT_EQ(checked.message(), status.message());
    }
  }
  EXPECT_EQ(tabulator.national().protocols, 1);
  EXPECT_EQ(tabulator.national().sum.choice_votes, (std::vector<int64_t>{30, 20}));
}

TEST(TabulatorTest, ADistrictBallotKeepsOneLength) {
  const model::ElectionDefinition definition = Definition();
  Tabulator tabulator = *Tabulator::Create(definition);
  ASSERT_TRUE(tabulator.Add(Make("P1", District(1), 100, {30, 20, 5})).ok());
  const Status status = tabulator.Add(Make("P2", District(1), 100, {30, 20}));
  EXPECT_THAT(status.message(), HasSubstr("district 1's ballot has 3 candidates"));
}

TEST(TabulatorTest, NoPrecinctsNoTabulation) {
  model::ElectionDefinition definition = Definition();
  definition.commissions.resize(1);
  Result<Tabulator> tabulator = Tabulator::Create(definition);
  ASSERT_FALSE(tabulator.has_value());
  EXPECT_EQ(tabulator.error().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace esep::tabulation
