#include "fingerprints/turnout_shape.h"

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace esep::fingerprints {
namespace {

void AddPrecinct(precincts::PrecinctTable& table, const std::string& region,
                 const std::string& group, int64_t registered, int64_t ballots) {
  const Status added = table.Add({.id = fmt::format("P{}", table.size()),
                                  .group = group,
                                  .region = region,
                                  .registered = registered,
                                  .ballots = ballots,
                                  .valid = ballots,
                                  .votes = {ballots}});
  ASSERT_TRUE(added.ok()) << added.message();
}

TEST(TurnoutShapeTest, KolmogorovTailMatchesTheTable) {
  EXPECT_NEAR(KolmogorovTail(1.3581), 0.05, 2e-4);
  EXPECT_NEAR(KolmogorovTail(1.6276), 0.01, 1e-4);
  EXPECT_NEAR(KolmogorovTail(1.2238), 0.10, 2e-4);
  EXPECT_NEAR(KolmogorovTail(0.5), 0.9639, 1e-4);
  EXPECT_DOUBLE_EQ(KolmogorovTail(0.1), 1.0);
  // The two forms of the series agree where they meet.
  EXPECT_NEAR(KolmogorovTail(1.17999), KolmogorovTail(1.18001), 1e-4);
}

TEST(TurnoutShapeTest, TheStatisticIsExactWithTies) {
  // A: turnouts 1/10, 1/10, 2/10; B: 1/10, 2/10, 2/10, 2/10 (as 2/10, 20/100, ...: equal
  // shares with different denominators). F_A(1/10) = 2/3, F_B(1/10) = 1/4: D = 5/12, so the
  // numerator over 3 × 4 is 5.
  precincts::PrecinctTable table;
  table.choice_names = {"A"};
  AddPrecinct(table, "R", "A", 10, 1);
  AddPrecinct(table, "R", "A", 100, 10);
  AddPrecinct(table, "R", "A", 10, 2);
  AddPrecinct(table, "R", "B", 20, 2);
  AddPrecinct(table, "R", "B", 100, 20);
  AddPrecinct(table, "R", "B", 10, 2);
  AddPrecinct(table, "R", "B", 5, 1);
  const TurnoutShape shape = ComputeTurnoutShape(table, {.min_precincts = 1});
  EXPECT_TRUE(shape.within_regions);
  EXPECT_EQ(shape.commissions, 2);
  ASSERT_EQ(shape.tested.size(), 2U);
  for (const CommissionTurnoutShape& c : shape.tested) {
    SCOPED_TRACE(c.group);
    EXPECT_EQ(c.ks_numerator, 5);
    EXPECT_DOUBLE_EQ(c.ks_statistic, 5.0 / 12.0);
  }
  EXPECT_FALSE(shape.flagged);
}

TEST(TurnoutShapeTest, FlagsTheOddCommissionWithinItsRegionOnly) {
  // North: five commissions of 30 precincts with turnouts 40 %–69 %, and one whose precincts
  // all report 90 %–99 %. South: five commissions at 70 %–99 %, a different level but the same
  // shape within the region: nothing to flag there.
  precincts::PrecinctTable table;
  table.choice_names = {"A"};
  for (int g = 0; g < 6; ++g) {
    for (int64_t i = 0; i < 30; ++i) {
      const int64_t ballots = g < 5 ? 400 + 10 * i : 900 + (i % 10) * 10;
      AddPrecinct(table, "north", fmt::format("N{}", g), 1000, ballots);
    }
  }
  for (int g = 0; g < 5; ++g) {
    for (int64_t i = 0; i < 30; ++i) {
      AddPrecinct(table, "south", fmt::format("S{}", g), 1000, 700 + 10 * i);
    }
  }
  const TurnoutShape shape = ComputeTurnoutShape(table, {});
  EXPECT_EQ(shape.precincts, 330);
  EXPECT_EQ(shape.commissions, 11);
  ASSERT_EQ(shape.tested.size(), 11U);
  EXPECT_TRUE(shape.flagged);
  const CommissionTurnoutShape& odd = shape.tested.front();
  EXPECT_EQ(odd.group, "N5");
  EXPECT_EQ(odd.region, "north");
  EXPECT_TRUE(odd.flagged);
  EXPECT_EQ(odd.reference_precincts, 150);
  EXPECT_EQ(odd.registered, 30000);
  EXPECT_DOUBLE_EQ(odd.ks_statistic, 1.0);  // every odd turnout is above every other
  EXPECT_LT(odd.adjusted_p_value, 1e-10);
  EXPECT_NEAR(odd.adjusted_p_value, std::min(1.0, odd.p_value * 11), 1e-15);
  for (size_t k = 1; k < shape.tested.size(); ++k) {
    SCOPED_TRACE(shape.tested[k].group);
    EXPECT_FALSE(shape.tested[k].flagged);
    EXPECT_GE(shape.tested[k].adjusted_p_value, shape.tested[k - 1].adjusted_p_value);
  }
}

TEST(TurnoutShapeTest, SpecialCommissionsAreSetApartCountedAndListedNotFlagged) {
  // The odd commission of the test above is a ship-borne one (98 % turnout by its nature):
  // marked special, it is neither tested nor part of the north's reference, and is listed apart.
  precincts::PrecinctTable table;
  table.choice_names = {"A"};
  for (int g = 0; g < 6; ++g) {
    for (int64_t i = 0; i < 30; ++i) {
      const int64_t ballots = g < 5 ? 400 + 10 * i : 980;
      AddPrecinct(table, "north", g < 5 ? fmt::format("N{}", g) : "Ships", 1000, ballots);
    }
  }
  const TurnoutShape unmarked = ComputeTurnoutShape(table, {});
  ASSERT_FALSE(unmarked.tested.empty());
  EXPECT_EQ(unmarked.tested.front().group, "Ships");
  EXPECT_TRUE(unmarked.flagged);

  table.special.assign(table.size(), 0);
  for (size_t p = 150; p < 180; ++p) {
    table.special[p] = 1;
  }
  table.special_rule = "commission name matches /Ships/";
  const TurnoutShape shape = ComputeTurnoutShape(table, {});
  EXPECT_EQ(shape.precincts, 150);
  EXPECT_EQ(shape.commissions, 5);
  ASSERT_EQ(shape.tested.size(), 5U);
  EXPECT_FALSE(shape.flagged);
  for (const CommissionTurnoutShape& c : shape.tested) {
    EXPECT_EQ(c.reference_precincts, 120);  // the other ordinary commissions only
  }
  ASSERT_EQ(shape.special.size(), 30U);
  EXPECT_EQ(shape.special[0].precinct, "P150");
  EXPECT_EQ(shape.special[0].group, "Ships");
  EXPECT_EQ(shape.special[0].ballots, 980);
  const std::string text = TurnoutShapeText(shape, 2);
  EXPECT_NE(text.find("Special commissions set apart, neither tested nor compared with "
                      "(commission name matches /Ships/): 30 precincts"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("P151"), std::string::npos);
  EXPECT_NE(text.find("... 28 more"), std::string::npos);
  const nlohmann::json json = TurnoutShapeJson(shape);
  EXPECT_EQ(json["special"]["count"], 30);
  EXPECT_EQ(json["special"]["rule"], "commission name matches /Ships/");
  EXPECT_EQ(json["special"]["precincts"].size(), 30U);
  EXPECT_EQ(json["special"]["precincts"][0]["commission"], "Ships");
}

TEST(TurnoutShapeTest, SmallCommissionsAreCountedNotTested) {
  precincts::PrecinctTable table;
  table.choice_names = {"A"};
  for (int64_t i = 0; i < 25; ++i) {
    AddPrecinct(table, "", i < 20 ? "big" : "small", 1000, 500 + i);
  }
  AddPrecinct(table, "", "big", 0, 0);  // no voters: excluded
  const TurnoutShape shape = ComputeTurnoutShape(table, {});
  EXPECT_FALSE(shape.within_regions);
  EXPECT_EQ(shape.excluded, 1);
  EXPECT_EQ(shape.too_small, 2);  // "small" has 5; "big" has only 5 others to compare with
  EXPECT_TRUE(shape.tested.empty());
  EXPECT_FALSE(shape.p_value.has_value());
}

}  // namespace
}  // namespace esep::fingerprints
