#include "results/seat_decision.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tabulation/internal/toy_election_test_util.h"

namespace esep::results {
namespace {

using tabulation::toy::kDistrict1;
using tabulation::toy::kList;
using tabulation::toy::ToyProtocol;
using ::testing::HasSubstr;

TEST(SeatDecisionTest, AllocatesTheListAndDecidesTheDistrictFromTheSums) {
  const model::ElectionDefinition definition = tabulation::toy::ToyDefinition();
  tabulation::Tabulator tabulator = *tabulation::Tabulator::Create(definition);
  ASSERT_TRUE(tabulator.Add(ToyProtocol("P1", kList, 100, {30, 20})).ok());
  ASSERT_TRUE(tabulator.Add(ToyProtocol("P2", kList, 200, {10, 90})).ok());
  ASSERT_TRUE(tabulator.Add(ToyProtocol("P1", kDistrict1, 100, {10, 40})).ok());
  const law::RuleSet rule_set = *law::FindRuleSet("kz-majilis-2023");
  Result<SeatDecision> seats = DecideSeats(definition, rule_set, tabulator, 0);
  ASSERT_TRUE(seats.has_value()) << seats.error().message();
  ASSERT_TRUE(seats->list.has_value()) << seats->list_unavailable;
  // 69 seats, Hare quota 150/69: Red 40 votes -> 18.4 quotas, Blue 110 -> 50.6 quotas.
  EXPECT_EQ(seats->list->rows[0].seats_won + seats->list->rows[1].seats_won, 69);
  EXPECT_EQ(seats->list->rows[1].seats_won, 51);
  EXPECT_EQ(seats->list->rows[1].seats, 3);  // only 3 candidates on the toy list
  EXPECT_FALSE(seats->list->steps.empty());
  ASSERT_EQ(seats->districts.size(), 1u);
  ASSERT_TRUE(seats->districts[0].outcome.has_value());
  EXPECT_EQ(seats->districts[0].candidates[*seats->districts[0].outcome->winner].name, "Bob");
}

TEST(SeatDecisionTest, SaysWhyThereIsNoAllocationYet) {
  const model::ElectionDefinition definition = tabulation::toy::ToyDefinition();
  tabulation::Tabulator tabulator = *tabulation::Tabulator::Create(definition);
  Result<SeatDecision> seats =
      DecideSeats(definition, *law::FindRuleSet("kz-majilis-2023"), tabulator, 0);
  ASSERT_TRUE(seats.has_value()) << seats.error().message();
  EXPECT_FALSE(seats->list.has_value());
  EXPECT_THAT(seats->list_unavailable, HasSubstr("no party-list protocol"));
  EXPECT_FALSE(seats->districts[0].outcome.has_value());
}

}  // namespace
}  // namespace esep::results
