// Mäjilis party-list results of 2007, 2012, 2021 and 2023, recomputed under the rule set in
// force for each (data/elections/kz-majilis-2023 and the seeds cited in rule_set.cc).
//
// 2023 uses the published vote counts. For the earlier elections only percentages are at hand,
// so each list gets share × 10000 votes (71.09% → 710,900) and an "Others" line holds the rest;
// it stays below every threshold. The seats must match the published ones.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "law/internal/allocation_test_util.h"
#include "law/list_allocation.h"
#include "law/rule_set.h"

namespace esep::law {
namespace {

using ::esep::law::internal::HasStep;
using ::esep::law::internal::RowNamed;
using ::esep::law::internal::SeatsByName;
using ::esep::law::internal::Steps;
using ::testing::HasSubstr;

ListRules RulesOf(std::string_view rule_set_name) {
  Result<RuleSet> rule_set = FindRuleSet(rule_set_name);
  EXPECT_TRUE(rule_set.has_value()) << rule_set.status().ToString();
  return rule_set.has_value() ? rule_set->list : ListRules{};
}

// The CEC's final count of 27 March 2023 (data/elections/kz-majilis-2023), in ballot order,
// with each list's registration date and length.
ListContestVotes Majilis2023() {
  auto list = [](const char* name, int64_t votes, const char* registered_on, int64_t length) {
    return ListVotes{
        .name = name, .votes = votes, .registered_on = registered_on, .candidates = length};
  };
  return ListContestVotes{
      .lists = {list("Amanat", 3431510, "2023-02-15", 90), list("Auyl", 693938, "2023-02-14", 25),
                list("Respublica", 547154, "2023-02-15", 23), list("QHP", 432920, "2023-02-11", 52),
                list("Baytaq", 146431, "2023-02-14", 18), list("Aq Jol", 535139, "2023-02-13", 54),
                list("JSDP", 331058, "2023-02-13", 19)},
      .against_all = 248291,
      .invalid = 158046,
  };
}

TEST(HistoricalResultsTest, Majilis2023ListSeatsAsPublished) {
  Result<ListAllocation> allocation = AllocateListSeats(Majilis2023(), RulesOf("kz-majilis-2023"));
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();

  // Threshold base: 6,118,150 list votes + 248,291 against all; the 158,046 invalid
  // ballots are not counted. 5% of it is 318,322.05 votes.
  EXPECT_EQ(allocation->list_votes, 6118150);
  EXPECT_EQ(allocation->threshold_base, 6366441);
  // Baytaq has 2.30% and is not admitted; JSDP (5.20%) is.
  EXPECT_EQ(RowNamed(*allocation, "Baytaq").admission, Admission::kBelowThreshold);
  EXPECT_EQ(RowNamed(*allocation, "JSDP").admission, Admission::kPassedThreshold);
  EXPECT_EQ(RowNamed(*allocation, "Baytaq").quotient, std::nullopt);

  // Hare quota: 5,971,719 votes of the six admitted lists / 69 seats = 86,546.65...
  EXPECT_EQ(allocation->admitted_votes, 5971719);
  EXPECT_EQ(allocation->quota, Fraction(5971719, 69));

  // Whole quotas: Amanat 39.65 → 39, Auyl 8.02 → 8, Respublica 6.32 → 6, QHP 5.002 → 5,
  // Aq Jol 6.18 → 6, JSDP 3.83 → 3: 67 seats. The 2 left go to the largest remainders,
  // JSDP (0.83 quota) and Amanat (0.65 quota).
  const std::map<std::string, int64_t> want = {
      {"Amanat", 40}, {"Auyl", 8},   {"Respublica", 6}, {"QHP", 5},
      {"Baytaq", 0},  {"Aq Jol", 6}, {"JSDP", 4},
  };
  EXPECT_EQ(SeatsByName(*allocation), want) << Steps(*allocation);
  EXPECT_EQ(RowNamed(*allocation, "Amanat").whole_seats, 39);
  EXPECT_EQ(RowNamed(*allocation, "Amanat").remainder_seats, 1);
  EXPECT_EQ(RowNamed(*allocation, "JSDP").whole_seats, 3);
  EXPECT_EQ(RowNamed(*allocation, "JSDP").remainder_seats, 1);
  EXPECT_EQ(allocation->seats_filled, 69);
  EXPECT_EQ(allocation->seats_vacant, 0);
  EXPECT_FALSE(allocation->lot_decided);
}

TEST(HistoricalResultsTest, Majilis2023PeoplesPartyQuotientIsExact) {
  // QHP: 432,920 / (5,971,719 / 69) = 29,871,480 / 5,971,719 = 5.00215... — barely above 5,
  // which is why the quotient must be exact rather than a double.
  Result<ListAllocation> allocation = AllocateListSeats(Majilis2023(), RulesOf("kz-majilis-2023"));
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  const ListAllocationRow& qhp = RowNamed(*allocation, "QHP");
  ASSERT_TRUE(qhp.quotient.has_value());
  EXPECT_EQ(*qhp.quotient, Fraction(int64_t{432920} * 69, 5971719));
  EXPECT_EQ(qhp.quotient->ToDecimal(3), "5.002");
  EXPECT_EQ(qhp.quotient->ToDecimal(6), "5.002158");
  EXPECT_EQ(qhp.quotient->Floor(), 5);
  EXPECT_EQ(qhp.whole_seats, 5);
  EXPECT_EQ(qhp.remainder_seats, 0);
}

TEST(HistoricalResultsTest, Majilis2023StepsShowTheArithmetic) {
  Result<ListAllocation> allocation = AllocateListSeats(Majilis2023(), RulesOf("kz-majilis-2023"));
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  EXPECT_TRUE(HasStep(*allocation, "threshold", "invalid ballots (158,046) excluded"))
      << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "threshold",
                      "Baytaq: 146,431 votes = 2.30% of the threshold base: below the threshold"))
      << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "threshold", "JSDP: 331,058 votes = 5.20%"))
      << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "quota", "5,971,719 votes of the admitted lists / 69 seats"))
      << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "whole-seats", "QHP: 432,920 / quota = 5.0022 → 5 whole seats"))
      << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "remainder-seats", "Remainder seat 1 of 2: JSDP"))
      << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "remainder-seats", "Remainder seat 2 of 2: Amanat"))
      << Steps(*allocation);
  // No two remainders are equal, so no tie rule was needed.
  EXPECT_FALSE(HasStep(*allocation, "tie", "")) << Steps(*allocation);
}

struct Share {
  const char* name;
  const char* percent;  // as published
};

struct EarlierElection {
  const char* name;
  const char* rule_set;
  std::vector<Share> shares;
  std::map<std::string, int64_t> want;
};

// 2007 as published: only Nur Otan passed 7%.
std::vector<Share> Shares2007() {
  return {{"Nur Otan", "88.41"}, {"ANSDP", "4.54"}, {"Ak Zhol", "3.09"}, {"Others", "3.96"}};
}

// Hare quota among the admitted lists in each row; the arithmetic is in the comments.
const EarlierElection kEarlierElections[] = {
    // 2021: 98 seats at 7%. Auyl (5.29%) is below. Admitted 911,400 votes; quota 9,300.
    // Nur Otan 76.44 → 76, Ak Zhol 11.77 → 11, People's Party 9.78 → 9: 96 seats; the 2 left
    // go to People's Party (0.78) and Ak Zhol (0.77).
    {"majilis_2021",
     "kz-majilis-2012",
     {{"Nur Otan", "71.09"},
      {"Ak Zhol", "10.95"},
      {"People's Party", "9.10"},
      {"Auyl", "5.29"},
      {"Others", "3.57"}},
     {{"Nur Otan", 76}, {"Ak Zhol", 12}, {"People's Party", 10}, {"Auyl", 0}, {"Others", 0}}},
    // 2012: admitted 956,500 votes; quota 9,760.2. Nur Otan 82.98 → 82, Ak Zhol 7.65 → 7,
    // Communist People's Party 7.37 → 7: 96; the 2 left go to Nur Otan (0.98), Ak Zhol (0.65).
    {"majilis_2012",
     "kz-majilis-2012",
     {{"Nur Otan", "80.99"},
      {"Ak Zhol", "7.47"},
      {"Communist People's Party", "7.19"},
      {"Others", "4.35"}},
     {{"Nur Otan", 83}, {"Ak Zhol", 8}, {"Communist People's Party", 7}, {"Others", 0}}},
    // 2007: only Nur Otan passes 7%, and the 2007 law had no runner-up guarantee: all 98.
    {"majilis_2007",
     "kz-majilis-2007",
     Shares2007(),
     {{"Nur Otan", 98}, {"ANSDP", 0}, {"Ak Zhol", 0}, {"Others", 0}}},
};

ListContestVotes FromShares(const std::vector<Share>& shares) {
  ListContestVotes votes;
  for (const Share& share : shares) {
    Result<Fraction> percent = Fraction::ParseDecimal(share.percent);
    EXPECT_TRUE(percent.has_value()) << percent.status().ToString();
    const Fraction scaled(percent->numerator() * 10000, percent->denominator());
    EXPECT_EQ(scaled.denominator(), 1) << share.percent << " has more than 4 decimals";
    votes.lists.push_back(
        {.name = share.name, .votes = scaled.Floor(), .registered_on = {}, .candidates = {}});
  }
  return votes;
}

TEST(HistoricalResultsTest, SharesBecomeVotesTimesTenThousand) {
  const ListContestVotes votes = FromShares({{"Nur Otan", "71.09"}, {"People's Party", "9.10"}});
  EXPECT_EQ(votes.lists[0].votes, 710900);
  EXPECT_EQ(votes.lists[1].votes, 91000);
}

TEST(HistoricalResultsTest, EarlierMajilisElectionsUnderTheirRuleSets) {
  for (const EarlierElection& election : kEarlierElections) {
    SCOPED_TRACE(election.name);
    const ListContestVotes votes = FromShares(election.shares);
    Result<ListAllocation> allocation = AllocateListSeats(votes, RulesOf(election.rule_set));
    ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
    EXPECT_EQ(allocation->threshold_base, 1000000);
    EXPECT_EQ(SeatsByName(*allocation), election.want) << Steps(*allocation);
    EXPECT_EQ(allocation->seats_filled, 98);
    EXPECT_FALSE(HasStep(*allocation, "guarantee", "")) << Steps(*allocation);
  }
}

TEST(HistoricalResultsTest, Majilis2007VotesUnderTheLaterRunnerUpGuarantee) {
  // Had the runner-up guarantee of kz-majilis-2012 applied in 2007, ANSDP (next-most votes) would
  // have been admitted alongside Nur Otan. Hare among the two: quota 929,500 / 98 = 9,484.69; Nur
  // Otan 93.21 → 93, ANSDP 4.79 → 4; the seat left goes to ANSDP (0.79 > 0.21). ANSDP's 5 seats
  // already meet the "at least two" guarantee, so nothing moves from the leader.
  const ListContestVotes votes = FromShares(Shares2007());
  Result<ListAllocation> allocation = AllocateListSeats(votes, RulesOf("kz-majilis-2012"));
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  const std::map<std::string, int64_t> want = {
      {"Nur Otan", 93}, {"ANSDP", 5}, {"Ak Zhol", 0}, {"Others", 0}};
  EXPECT_EQ(SeatsByName(*allocation), want) << Steps(*allocation);
  const ListAllocationRow& ansdp = RowNamed(*allocation, "ANSDP");
  EXPECT_EQ(ansdp.admission, Admission::kRunnerUpGuarantee);
  EXPECT_GE(ansdp.seats, 2);
  EXPECT_EQ(ansdp.guarantee_change, 0);
  EXPECT_EQ(RowNamed(*allocation, "Ak Zhol").admission, Admission::kBelowThreshold);
  EXPECT_TRUE(HasStep(*allocation, "admission", "Only Nur Otan passed the threshold, so ANSDP"))
      << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "guarantee", "ANSDP already has 5 seats")) << Steps(*allocation);
}

}  // namespace
}  // namespace esep::law
