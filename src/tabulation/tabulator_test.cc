#include "tabulation/tabulator.h"

#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tabulation/internal/toy_election_test_util.h"

namespace esep::tabulation {
namespace {

using ::testing::HasSubstr;

// Two regions, one territorial commission each; P1 and P2 in the north (district 1), P3 in the
// south (district 2).
model::ElectionDefinition Definition() {
  return toy::MakeDefinition(
      R"json("regions": [{"id": "north", "name": "North", "kind": "region"},
              {"id": "south", "name": "South", "kind": "region"}],
  "districts": [{"number": 1, "region": "north"}, {"number": 2, "region": "south"}])json",
      "id,level,parent,name,region,district,abroad\n"
      "CEC,cec,,Central,,,\n"
      "TEC-N,regional,CEC,North,north,,\n"
      "TEC-S,regional,CEC,South,south,,\n"
      "T-N,territorial,TEC-N,North city,north,,\n"
      "T-S,territorial,TEC-S,South city,south,,\n"
      "P1,precinct,T-N,P1,north,1,\n"
      "P2,precinct,T-N,P2,north,1,\n"
      "P3,precinct,T-S,P3,south,2,\n");
}

using toy::District;
using toy::kList;
using toy::ToyProtocol;

TEST(TabulatorTest, SumsUpTheTreeWithProgressAtEveryLevel) {
  const model::ElectionDefinition definition = Definition();
  Result<Tabulator> tabulator = Tabulator::Create(definition);
  ASSERT_TRUE(tabulator.has_value()) << tabulator.error().message();
  EXPECT_EQ(tabulator->national().expected, 3);
  EXPECT_EQ(tabulator->districts()[0].expected, 2);

  ASSERT_TRUE(tabulator->Add(ToyProtocol("P1", kList, 100, {30, 20})).ok());
  ASSERT_TRUE(tabulator->Add(ToyProtocol("P3", kList, 200, {10, 90})).ok());
  ASSERT_TRUE(tabulator->Add(ToyProtocol("P1", District(1), 100, {25, 25})).ok());

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

  ASSERT_TRUE(tabulator->Add(ToyProtocol("P2", kList, 50, {5, 5})).ok());
  EXPECT_TRUE(tabulator->national().complete());
  EXPECT_TRUE(tabulator->regions()[0].complete());
}

// Tree order, its reverse and a mixed order find every precinct (by its neighbour or through
// the index) and give the same sums; an unknown id is refused whatever came before it.
TEST(TabulatorTest, KnowsThePrecinctOfTheLastProtocolAndTheNextOne) {
  const model::ElectionDefinition definition = Definition();
  Result<Tabulator> tabulator = Tabulator::Create(definition);
  ASSERT_TRUE(tabulator.has_value()) << tabulator.error().message();
  EXPECT_FALSE(tabulator->IsAtOrAfterLastPrecinct("P1"));  // nothing found yet
  ASSERT_TRUE(tabulator->Add(ToyProtocol("P1", kList, 100, {30, 20})).ok());
  EXPECT_TRUE(tabulator->IsAtOrAfterLastPrecinct("P1"));
  EXPECT_TRUE(tabulator->IsAtOrAfterLastPrecinct("P2"));
  EXPECT_FALSE(tabulator->IsAtOrAfterLastPrecinct("P3"));
  EXPECT_FALSE(tabulator->IsAtOrAfterLastPrecinct("T-N"));
  ASSERT_TRUE(tabulator->Add(ToyProtocol("P3", kList, 200, {10, 90})).ok());
  EXPECT_TRUE(tabulator->IsAtOrAfterLastPrecinct("P3"));  // the last precinct: nothing after it
  EXPECT_FALSE(tabulator->IsAtOrAfterLastPrecinct("P1"));
}

TEST(TabulatorTest, TheOrderOfArrivalDoesNotChangeTheSums) {
  const model::ElectionDefinition definition = Definition();
  const std::vector<protocol::Protocol> protocols = {
      ToyProtocol("P1", kList, 100, {30, 20}), ToyProtocol("P1", District(1), 100, {25, 25}),
      ToyProtocol("P2", kList, 50, {5, 5}),    ToyProtocol("P2", District(1), 50, {4, 6}),
      ToyProtocol("P3", kList, 200, {10, 90}), ToyProtocol("P3", District(2), 200, {60, 40})};
  const std::vector<std::vector<size_t>> orders = {
      {0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {4, 0, 3, 5, 1, 2}};
  for (const std::vector<size_t>& order : orders) {
    Result<Tabulator> tabulator = Tabulator::Create(definition);
    ASSERT_TRUE(tabulator.has_value());
    for (const size_t i : order) {
      ASSERT_TRUE(tabulator->Add(protocols[i]).ok()) << i;
      EXPECT_FALSE(tabulator->Add(ToyProtocol("P4", kList, 1, {1, 0})).ok());
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
  ASSERT_TRUE(tabulator.Add(ToyProtocol("P1", kList, 100, {30, 20})).ok());
  struct Case {
    const char* name;
    protocol::Protocol protocol;
    const char* message;
  };
  const Case cases[] = {
      {"unknown_commission", ToyProtocol("P9", kList, 10, {1, 1}),
       "'P9' is not a precinct commission"},
      {"territorial_commission", ToyProtocol("T-N", kList, 10, {1, 1}), "'T-N' is not a precinct"},
      {"wrong_ballot", ToyProtocol("P2", kList, 10, {1, 1, 1}),
       "the party-list ballot has 2 lists"},
      {"second_list_protocol", ToyProtocol("P1", kList, 100, {30, 20}),
       "a second party-list protocol"},
      {"other_district", ToyProtocol("P1", District(2), 100, {30, 20}),
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
  ASSERT_TRUE(tabulator.Add(ToyProtocol("P1", District(1), 100, {30, 20, 5})).ok());
  const Status status = tabulator.Add(ToyProtocol("P2", District(1), 100, {30, 20}));
  EXPECT_THAT(status.message(), HasSubstr("district 1's ballot has 3 candidates"));
}

TEST(TabulatorTest, NoPrecinctsNoTabulation) {
  model::ElectionDefinitionParts parts = Definition().parts();
  parts.commissions.resize(1);
  const model::ElectionDefinition definition(std::move(parts));
  Result<Tabulator> tabulator = Tabulator::Create(definition);
  ASSERT_FALSE(tabulator.has_value());
  EXPECT_EQ(tabulator.error().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace esep::tabulation
