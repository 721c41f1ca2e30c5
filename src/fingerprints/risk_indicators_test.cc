#include "fingerprints/risk_indicators.h"

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace esep::fingerprints {
namespace {

// 1000 ordinary precincts (1000 voters, 0–19 added, turnout 50–56 %, leader 50 %), then the
// given extra precincts (registered, added, ballots, leader votes).
struct Extra {
  int64_t registered;
  int64_t added;
  int64_t ballots;
  int64_t leader_votes;
};

precincts::PrecinctTable Table(const std::vector<Extra>& extras) {
  precincts::PrecinctTable table;
  table.choice_names = {"Leader", "Other"};
  for (int64_t p = 0; p < 1000; ++p) {
    const int64_t ballots = 500 + (p % 7) * 10;
    const Status added = table.Add({.id = fmt::format("P{}", p),
                                    .group = fmt::format("T{}", p / 50),
                                    .registered = 1000,
                                    .ballots = ballots,
                                    .valid = ballots,
                                    .added_on_day = p % 20,
                                    .mobile_ballots = 0,
                                    .votes = {ballots / 2, ballots - ballots / 2}});
    EXPECT_TRUE(added.ok()) << added.message();
  }
  for (size_t k = 0; k < extras.size(); ++k) {
    const Extra& e = extras[k];
    const Status added = table.Add({.id = fmt::format("X{}", k),
                                    .group = "TX",
                                    .registered = e.registered,
                                    .ballots = e.ballots,
                                    .valid = e.ballots,
                                    .added_on_day = e.added,
                                    .mobile_ballots = 0,
                                    .votes = {e.leader_votes, e.ballots - e.leader_votes}});
    EXPECT_TRUE(added.ok()) << added.message();
  }
  return table;
}

TEST(RiskIndicatorsTest, HighMeansAboveThePercentileAndMedianPlusFiveMadExactly) {
  // Median 10/1000, MAD 5/1000: the line is 35/1000. 70/2000 sits on it (not high); 71/2000
  // is above; the three at 200/1000 are far above. The 99th percentile is 19/1000.
  const precincts::PrecinctTable table = Table({{2000, 70, 1000, 500},
                                                {2000, 71, 1800, 1440},
                                                {1000, 200, 900, 720},
                                                {1000, 200, 900, 720},
                                                {1000, 200, 900, 720}});
  const RiskIndicator r = ComputeRiskIndicator(table, RiskKind::kAdditions, {});
  ASSERT_TRUE(r.available);
  EXPECT_EQ(r.precincts, 1005);
  EXPECT_TRUE((r.median == CountShare{10, 1000}));
  EXPECT_DOUBLE_EQ(r.mad.ToDouble(), 0.005);
  EXPECT_TRUE((r.p99 == CountShare{19, 1000}));
  EXPECT_TRUE((r.max == CountShare{1, 5}));
  EXPECT_EQ(r.candidates, 1005);
  ASSERT_EQ(r.high.size(), 4U);
  EXPECT_EQ(table.ids[r.high[0]], "X2");  // highest first, ties in table order
  EXPECT_EQ(table.ids[r.high[3]], "X1");
  // 0–9 and 10–19 of 1000 fall in the 0 % and 1 % bins; 70 and 71 of 2000 in 3 %.
  EXPECT_EQ(r.histogram[0], 500);
  EXPECT_EQ(r.histogram[1], 500);
  EXPECT_EQ(r.histogram[3], 2);
  EXPECT_EQ(r.histogram[20], 3);
  EXPECT_EQ(r.leader, "Leader");
  // The high precincts' turnout (net of additions: 700/800) and leader share (80 %) are far
  // above the rest's.
  ASSERT_EQ(r.comparisons.size(), 3U);
  EXPECT_EQ(r.comparisons[0].measure, "turnout net of additions");
  EXPECT_TRUE(r.comparisons[0].tested);
  EXPECT_FALSE(r.comparisons[1].tested);
  EXPECT_EQ(r.comparisons[2].measure, "leader share");
  EXPECT_EQ(r.comparisons[2].high_precincts, 4);
  EXPECT_EQ(r.comparisons[2].rest_precincts, 1001);
  EXPECT_NEAR(r.comparisons[2].high_mean, 0.8, 1e-12);
  ASSERT_TRUE(r.p_value.has_value());
  EXPECT_LT(*r.p_value, 1e-4);
  EXPECT_TRUE(r.flagged);
}

TEST(RiskIndicatorsTest, UniformAdditionsHaveNoHighPrecinctAndNoPValue) {
  const precincts::PrecinctTable table = Table({});
  const RiskIndicator r = ComputeRiskIndicator(table, RiskKind::kAdditions, {});
  EXPECT_TRUE(r.high.empty());
  EXPECT_FALSE(r.p_value.has_value());
  EXPECT_FALSE(r.flagged);
  // Mobile ballots are all zero: median, MAD and 99th percentile 0, nobody above.
  const RiskIndicator mobile = ComputeRiskIndicator(table, RiskKind::kMobile, {});
  ASSERT_TRUE(mobile.available);
  EXPECT_TRUE(mobile.high.empty());
  EXPECT_EQ(mobile.part_total, 0);
  ASSERT_EQ(mobile.comparisons.size(), 2U);
  EXPECT_EQ(mobile.comparisons[0].measure, "turnout");
}

TEST(RiskIndicatorsTest, SmallPrecinctsAreNotCandidates) {
  // The extreme share of a 50-voter precinct is below min_base: not high.
  const precincts::PrecinctTable table = Table({{50, 20, 40, 20}});
  const RiskIndicator r = ComputeRiskIndicator(table, RiskKind::kAdditions, {});
  EXPECT_EQ(r.candidates, 1000);
  EXPECT_TRUE(r.high.empty());
  RiskIndicatorOptions small;
  small.min_base = 10;
  EXPECT_EQ(ComputeRiskIndicator(table, RiskKind::kAdditions, small).high.size(), 1U);
}

TEST(RiskIndicatorsTest, AColumnTheDataLacksIsNotAvailable) {
  precincts::PrecinctTable table;
  table.choice_names = {"A"};
  ASSERT_TRUE(
      table.Add({.id = "P", .registered = 10, .ballots = 5, .valid = 5, .votes = {5}}).ok());
  EXPECT_FALSE(ComputeRiskIndicator(table, RiskKind::kAdditions, {}).available);
  EXPECT_FALSE(ComputeRiskIndicator(table, RiskKind::kMobile, {}).available);
}

}  // namespace
}  // namespace esep::fingerprints
