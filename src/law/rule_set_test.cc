#include "law/rule_set.h"

#include <cstdint>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::law {
namespace {

using ::testing::HasSubstr;

struct Expected {
  const char* name;
  int64_t list_seats;
  int64_t threshold_percent;
  int64_t runner_up_min_seats;
  int64_t district_seats;
};

// What docs/law.md and the citations in rule_set.cc say each rule set is.
const Expected kExpected[] = {
    // 2023: 69 list seats at 5% + 29 single-member districts; runner-up gets at least two.
    {"kz-majilis-2023", 69, 5, 2, 29},
    // 2012-2021: 98 list seats at 7%, runner-up guarantee (year enacted unconfirmed).
    {"kz-majilis-2012", 98, 7, 2, 0},
    // 2007: 98 list seats at 7%, no guarantee (one party won every seat).
    {"kz-majilis-2007", 98, 7, 0, 0},
    // Before 2007: 10 list seats at 7% + 67 districts.
    {"kz-majilis-2004", 10, 7, 0, 67},
};

TEST(RuleSetTest, KazakhRuleSets) {
  for (const Expected& expected : kExpected) {
    SCOPED_TRACE(expected.name);
    Result<RuleSet> rule_set = FindRuleSet(expected.name);
    ASSERT_TRUE(rule_set.has_value()) << rule_set.error().ToString();
    EXPECT_EQ(rule_set->name, expected.name);
    const ListRules& list = rule_set->list;
    EXPECT_EQ(list.seats, expected.list_seats);
    EXPECT_EQ(list.threshold_percent, Fraction::Whole(expected.threshold_percent));
    EXPECT_EQ(list.runner_up_min_seats, expected.runner_up_min_seats);
    EXPECT_EQ(rule_set->district_seats, expected.district_seats);
    // Common to every Kazakh rule set: Hare quota, "against all" in the threshold base but
    // invalid ballots not, ties to the earlier-registered list, no candidate → vacant seat.
    EXPECT_EQ(list.method, ApportionmentMethod::kHare);
    EXPECT_EQ(list.threshold_base, ThresholdBase::kValidVotes);
    EXPECT_EQ(list.tie_break, TieBreak::kEarlierRegistration);
    EXPECT_EQ(list.surplus, SurplusSeats::kLeaveVacant);
    EXPECT_EQ(rule_set->district_tie_break, DistrictTieBreak::kLot);
  }
}

TEST(RuleSetTest, EveryRuleSetIsListedOnceAndCitesItsSource) {
  std::set<std::string> names;
  for (const RuleSet& rule_set : AllRuleSets()) {
    SCOPED_TRACE(rule_set.name);
    EXPECT_TRUE(names.insert(std::string(rule_set.name)).second) << "listed twice";
    EXPECT_FALSE(rule_set.title.empty());
    EXPECT_FALSE(rule_set.citation.empty());
    EXPECT_FALSE(rule_set.used_for.empty());
    EXPECT_GT(rule_set.list.seats + rule_set.district_seats, 0);
  }
  EXPECT_EQ(names.size(), std::size(kExpected));
  // Newest first.
  ASSERT_FALSE(AllRuleSets().empty());
  EXPECT_EQ(AllRuleSets().front().name, "kz-majilis-2023");
}

TEST(RuleSetTest, NamesAreMatchedCaseInsensitively) {
  Result<RuleSet> rule_set = FindRuleSet("  KZ-Majilis-2023 ");
  ASSERT_TRUE(rule_set.has_value()) << rule_set.error().ToString();
  EXPECT_EQ(rule_set->name, "kz-majilis-2023");
}

TEST(RuleSetTest, UnknownNameIsNotFoundAndListsTheKnownNames) {
  Result<RuleSet> rule_set = FindRuleSet("nope");
  ASSERT_FALSE(rule_set.has_value());
  EXPECT_EQ(rule_set.error().code(), StatusCode::kNotFound);
  EXPECT_THAT(rule_set.error().message(), HasSubstr("'nope'"));
  for (const RuleSet& known : AllRuleSets()) {
    EXPECT_THAT(rule_set.error().message(), HasSubstr(std::string(known.name)));
  }
}

// A rule set's list rules can also be spelled out on the command line; the names round-trip.
// (list_rules.h has no test file of its own: it is the vocabulary of the rule sets.)
TEST(RuleSetTest, ListRuleNamesRoundTrip) {
  for (const ApportionmentMethod method :
       {ApportionmentMethod::kHare, ApportionmentMethod::kDroop, ApportionmentMethod::kDHondt,
        ApportionmentMethod::kSainteLague}) {
    SCOPED_TRACE(MethodName(method));
    Result<ApportionmentMethod> parsed = ParseMethod(MethodName(method));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    EXPECT_EQ(*parsed, method);
    EXPECT_FALSE(MethodTitle(method).empty());
  }
  for (const ThresholdBase base : {ThresholdBase::kValidVotes, ThresholdBase::kBallotsCast}) {
    EXPECT_EQ(ParseThresholdBase(ThresholdBaseName(base)).value(), base);
  }
  for (const TieBreak rule :
       {TieBreak::kEarlierRegistration, TieBreak::kMoreVotesThenLot, TieBreak::kLot}) {
    EXPECT_EQ(ParseTieBreak(TieBreakName(rule)).value(), rule);
  }
  for (const SurplusSeats surplus : {SurplusSeats::kLeaveVacant, SurplusSeats::kReallocate}) {
    EXPECT_EQ(ParseSurplusSeats(SurplusSeatsName(surplus)).value(), surplus);
  }
}

TEST(RuleSetTest, MethodAliasesAndUnknownNames) {
  struct Row {
    const char* text;
    ApportionmentMethod want;
  };
  const Row rows[] = {
      {"D'Hondt", ApportionmentMethod::kDHondt},
      {"jefferson", ApportionmentMethod::kDHondt},
      {"Sainte-Laguë", ApportionmentMethod::kSainteLague},
      {"Webster", ApportionmentMethod::kSainteLague},
      {"largest-remainder", ApportionmentMethod::kHare},
      {" DROOP ", ApportionmentMethod::kDroop},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    Result<ApportionmentMethod> parsed = ParseMethod(row.text);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    EXPECT_EQ(*parsed, row.want);
  }
  Result<ApportionmentMethod> unknown = ParseMethod("imperiali");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.error().message(), HasSubstr("hare, droop, dhondt, sainte-lague"));
  EXPECT_EQ(ParseTieBreak("coin").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace esep::law
