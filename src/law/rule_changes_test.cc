#include "law/rule_changes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/fraction.h"
#include "law/rule_set.h"

namespace esep::law {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(RuleChangesTest, ANamedRuleSetWithoutChangesIsAppliedAsEnacted) {
  const Result<ListRules> rules = ApplyRuleChanges("kz-majilis-2023", {}, 7);
  ASSERT_TRUE(rules.has_value()) << rules.error().message();
  const ListRules enacted = FindRuleSet("kz-majilis-2023")->list;
  EXPECT_EQ(rules->seats, enacted.seats);
  EXPECT_EQ(rules->threshold_percent, enacted.threshold_percent);
  EXPECT_EQ(rules->runner_up_min_seats, enacted.runner_up_min_seats);
  EXPECT_EQ(rules->lot_seed, 7u);
  EXPECT_TRUE(ListRuleChanges{}.Describe().empty());
}

TEST(RuleChangesTest, EachChangeReplacesOneRuleAndIsDescribed) {
  const ListRuleChanges changes{
      .seats = 50, .threshold = "7.25", .method = "dhondt", .runner_up_min_seats = 0};
  const Result<ListRules> rules = ApplyRuleChanges("kz-majilis-2023", changes, 0);
  ASSERT_TRUE(rules.has_value()) << rules.error().message();
  EXPECT_EQ(rules->seats, 50);
  EXPECT_EQ(rules->threshold_percent, *Fraction::ParseDecimal("7.25"));
  EXPECT_EQ(rules->method, ApportionmentMethod::kDHondt);
  EXPECT_EQ(rules->runner_up_min_seats, 0);
  EXPECT_EQ(rules->tie_break, FindRuleSet("kz-majilis-2023")->list.tie_break);  // unchanged
  EXPECT_THAT(changes.Describe(),
              ElementsAre("seats 50", "threshold 7.25", "method dhondt", "runner-up-min-seats 0"));
}

TEST(RuleChangesTest, FreeFormRulesNeedSeatsAndThresholdAndBreakTiesByVotes) {
  EXPECT_EQ(ApplyRuleChanges(std::nullopt, {.seats = 10}, 0).error().code(),
            StatusCode::kInvalidArgument);
  const Result<ListRules> rules =
      ApplyRuleChanges(std::nullopt, {.seats = 10, .threshold = "5"}, 0);
  ASSERT_TRUE(rules.has_value()) << rules.error().message();
  EXPECT_EQ(rules->tie_break, TieBreak::kMoreVotesThenLot);
}

TEST(RuleChangesTest, ValuesOutOfRangeAreRefusedNamingTheChange) {
  EXPECT_THAT(ApplyRuleChanges("kz-majilis-2023", {.seats = 0}, 0).error().message(),
              HasSubstr("--seats 0"));
  EXPECT_THAT(ApplyRuleChanges("kz-majilis-2023", {.threshold = "100.5"}, 0).error().message(),
              HasSubstr("--threshold '100.5'"));
  EXPECT_THAT(ApplyRuleChanges("kz-majilis-2023", {.threshold = "five"}, 0).error().message(),
              HasSubstr("a percentage from 0 to 100"));
  EXPECT_THAT(ApplyRuleChanges("kz-majilis-2023", {.runner_up_min_seats = -1}, 0).error().message(),
              HasSubstr("cannot be negative"));
  EXPECT_FALSE(ApplyRuleChanges("kz-majilis-2023", {.method = "borda"}, 0).has_value());
  EXPECT_EQ(ApplyRuleChanges("no-such-rules", {}, 0).error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace esep::law
