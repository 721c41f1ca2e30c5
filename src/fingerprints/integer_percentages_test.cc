#include "fingerprints/integer_percentages.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <boost/math/distributions/binomial.hpp>
#include <gtest/gtest.h>

namespace esep::fingerprints {
namespace {

// A precinct where only the turnout matters: everyone votes for "A" (the leader).
precincts::PrecinctRow Turnout(std::string id, int64_t registered, int64_t ballots) {
  return {.id = std::move(id),
          .group = "G",
          .registered = registered,
          .ballots = ballots,
          .valid = ballots,
          .votes = {ballots, 0}};
}

precincts::PrecinctTable TwoChoices() {
  precincts::PrecinctTable table;
  table.choice_names = {"A", "B"};
  return table;
}

TEST(IntegerWindowOf, HalfOpenWindowIncludesTheLowerEdgeOnly) {
  // Default window: [m - 0.05, m + 0.05) points, numerator 1, denominator 20.
  EXPECT_EQ(IntegerWindowOf(500, 1000, 1, 20), 50);    // 50.00 %
  EXPECT_EQ(IntegerWindowOf(999, 2000, 1, 20), 50);    // 49.95 %: the lower edge, inside
  EXPECT_EQ(IntegerWindowOf(1001, 2000, 1, 20), -1);   // 50.05 %: the upper edge, outside
  EXPECT_EQ(IntegerWindowOf(9999, 20000, 1, 20), 50);  // 49.995 %
  EXPECT_EQ(IntegerWindowOf(998, 2000, 1, 20), -1);    // 49.90 %
  EXPECT_EQ(IntegerWindowOf(1, 2000, 1, 20), -1);      // 0.05 %: the upper edge of 0's window
  EXPECT_EQ(IntegerWindowOf(1, 4000, 1, 20), 0);       // 0.025 %
}

TEST(IntegerWindowOf, EdgesAtOtherWidthsAndExactMode) {
  // w = 0: exactly a whole percentage.
  EXPECT_EQ(IntegerWindowOf(100, 200, 0, 1), 50);
  EXPECT_EQ(IntegerWindowOf(101, 200, 0, 1), -1);  // 50.5 %
  EXPECT_EQ(IntegerWindowOf(1, 3, 0, 1), -1);      // 33.33 %
  // w = 1/2: every value is in some window, [m - 0.5, m + 0.5).
  EXPECT_EQ(IntegerWindowOf(1, 3, 1, 2), 33);      // 33.33 %
  EXPECT_EQ(IntegerWindowOf(2, 3, 1, 2), 67);      // 66.67 %
  EXPECT_EQ(IntegerWindowOf(101, 200, 1, 2), 51);  // 50.5 % is the lower edge of 51
  // w = 1/10: [m - 0.1, m + 0.1).
  EXPECT_EQ(IntegerWindowOf(499, 1000, 1, 10), 50);    // 49.9 %: lower edge, inside
  EXPECT_EQ(IntegerWindowOf(501, 1000, 1, 10), -1);    // 50.1 %: upper edge, outside
  EXPECT_EQ(IntegerWindowOf(1000, 1000, 1, 10), 100);  // 100 %
}

TEST(IntegerWindowProbability, MatchesABruteForceSumOverEveryK) {
  struct Case {
    int64_t n;
    double p;
    int64_t w;
    int64_t d;
  };
  const std::vector<Case> cases = {{100, 0.37, 1, 20},  {137, 0.5, 1, 20},  {1000, 0.613, 1, 20},
                                   {2000, 0.2, 1, 20},  {2345, 0.9, 1, 10}, {800, 0.55, 0, 1},
                                   {1999, 0.011, 1, 2}, {150, 0.98, 3, 100}};
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message() << "n " << c.n << " p " << c.p << " w " << c.w << "/" << c.d);
    const boost::math::binomial_distribution<double> binomial(static_cast<double>(c.n), c.p);
    double brute = 0.0;
    std::vector<double> brute_at(101, 0.0);
    for (int64_t k = 1; k < c.n; ++k) {
      const int m = IntegerWindowOf(k, c.n, c.w, c.d);
      if (m >= 0) {
        const double pmf = boost::math::pdf(binomial, static_cast<double>(k));
        brute += pmf;
        brute_at[static_cast<size_t>(m)] += pmf;
      }
    }
    std::vector<double> at(101, 0.0);
    const double fast = IntegerWindowProbability(c.n, c.p, c.w, c.d, at.data());
    EXPECT_NEAR(fast, brute, 1e-12);
    for (size_t m = 0; m <= 100; ++m) {
      EXPECT_NEAR(at[m], brute_at[m], 1e-12) << "m " << m;
    }
  }
}

TEST(PoissonBinomialUpperTail, HandComputed) {
  const std::vector<double> p = {0.5, 0.25, 0.1};
  EXPECT_DOUBLE_EQ(PoissonBinomialUpperTail(p, 0), 1.0);
  EXPECT_DOUBLE_EQ(PoissonBinomialUpperTail(p, 1), 53.0 / 80.0);
  EXPECT_DOUBLE_EQ(PoissonBinomialUpperTail(p, 2), 14.0 / 80.0);
  EXPECT_DOUBLE_EQ(PoissonBinomialUpperTail(p, 3), 1.0 / 80.0);
  EXPECT_DOUBLE_EQ(PoissonBinomialUpperTail(p, 4), 0.0);
}

TEST(TestIntegerPercentages, TwoPrecinctsByHand) {
  // Exact mode (w = 0), minimum base 2.
  // P1: 3 of 8 voted (37.5 %, not whole). k/8 is whole iff k is even: k = 2, 4, 6 in [1, 7].
  //   P = C(8,2) 3^2 5^6 + C(8,4) 3^4 5^4 + C(8,6) 3^6 5^2, over 8^8
  //     = (3,937,500 + 3,543,750 + 510,300) / 16,777,216 = 7,991,550 / 16,777,216.
  // P2: 5 of 10 (50 %, whole). Every k in [1, 9] is whole: P = 1 - 2 / 2^10 = 1022 / 1024.
  precincts::PrecinctTable table = TwoChoices();
  ASSERT_TRUE(table.Add(Turnout("P1", 8, 3)).ok());
  ASSERT_TRUE(table.Add(Turnout("P2", 10, 5)).ok());
  IntegerPercentagesOptions options;
  options.window_numerator = 0;
  options.window_denominator = 1;
  options.min_base = 2;
  const Result<IntegerPercentages> result = TestIntegerPercentages(table, options);
  ASSERT_TRUE(result.has_value()) << result.status().message();
  const IntegerPercentagesMeasure& t = result->turnout;
  const double p1 = 7991550.0 / 16777216.0;
  const double p2 = 1022.0 / 1024.0;
  EXPECT_EQ(t.included, 2);
  EXPECT_EQ(t.observed, 1);
  EXPECT_EQ(t.observed_at[50], 1);
  EXPECT_NEAR(t.expected, p1 + p2, 1e-14);
  EXPECT_NEAR(t.variance, (p1 * (1 - p1)) + (p2 * (1 - p2)), 1e-14);
  EXPECT_NEAR(t.excess, 1.0 - p1 - p2, 1e-14);
  EXPECT_TRUE(t.exact_p_value);
  EXPECT_NEAR(t.p_value, 1.0 - ((1 - p1) * (1 - p2)), 1e-14);
  EXPECT_FALSE(t.flagged);
  // Per integer: P1's mass sits at 25, 50, 75 %; P2's at 10, 20, ..., 90 %.
  EXPECT_NEAR(t.expected_at[25], 28.0 * 9 * 15625 / 16777216.0, 1e-14);
  EXPECT_NEAR(t.expected_at[50], (70.0 * 81 * 625 / 16777216.0) + (252.0 / 1024.0), 1e-14);
  EXPECT_NEAR(t.expected_at[10], 10.0 / 1024.0, 1e-14);
  // 0.1 % bins: 37.5 % is bin 375 (37.45 <= 37.5 < 37.55), 50 % bin 500.
  EXPECT_EQ(t.observed_per_mille_bins[375], 1);
  EXPECT_EQ(t.observed_per_mille_bins[500], 1);
  // The leader's share is 100 % in both: excluded.
  EXPECT_EQ(result->leader_share.included, 0);
  EXPECT_EQ(result->leader_share.excluded_zero_or_all, 2);
}

TEST(TestIntegerPercentages, ValueOnTheUpperEdgeIsNotCounted) {
  precincts::PrecinctTable table = TwoChoices();
  ASSERT_TRUE(table.Add(Turnout("lower-edge", 2000, 999)).ok());   // 49.95 %: counted
  ASSERT_TRUE(table.Add(Turnout("upper-edge", 2000, 1001)).ok());  // 50.05 %: not counted
  ASSERT_TRUE(table.Add(Turnout("small", 99, 50)).ok());           // below min_base 100
  ASSERT_TRUE(table.Add(Turnout("all", 500, 500)).ok());           // 100 %
  const Result<IntegerPercentages> result = TestIntegerPercentages(table, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->turnout.included, 2);
  EXPECT_EQ(result->turnout.excluded_small, 1);
  EXPECT_EQ(result->turnout.excluded_zero_or_all, 1);
  EXPECT_EQ(result->turnout.observed, 1);
  EXPECT_EQ(result->turnout.observed_at[50], 1);
}

TEST(TestIntegerPercentages, LeaderShareOnValidOrBallots) {
  precincts::PrecinctTable table = TwoChoices();
  // Leader A: 300 of 600 ballots (50 %), of 590 valid (50.85 %).
  ASSERT_TRUE(
      table.Add({.id = "P", .registered = 1000, .ballots = 600, .valid = 590, .votes = {300, 290}})
          .ok());
  const Result<IntegerPercentages> on_ballots = TestIntegerPercentages(table, {});
  ASSERT_TRUE(on_ballots.has_value());
  EXPECT_EQ(on_ballots->leader, "A");
  EXPECT_EQ(on_ballots->leader_share.observed, 1);
  IntegerPercentagesOptions options;
  options.leader_base = LeaderBase::kValid;
  const Result<IntegerPercentages> on_valid = TestIntegerPercentages(table, options);
  ASSERT_TRUE(on_valid.has_value());
  EXPECT_EQ(on_valid->leader_share.observed, 0);
  EXPECT_EQ(on_valid->leader_share.denominator, "valid");
}

TEST(TestIntegerPercentages, RejectsBadOptions) {
  const precincts::PrecinctTable table = TwoChoices();
  IntegerPercentagesOptions overlapping;
  overlapping.window_numerator = 11;
  overlapping.window_denominator = 20;
  EXPECT_FALSE(TestIntegerPercentages(table, overlapping).has_value());
  IntegerPercentagesOptions zero_denominator;
  zero_denominator.window_denominator = 0;
  EXPECT_FALSE(TestIntegerPercentages(table, zero_denominator).has_value());
  IntegerPercentagesOptions small_base;
  small_base.min_base = 1;
  EXPECT_FALSE(TestIntegerPercentages(table, small_base).has_value());
  IntegerPercentagesOptions bad_alpha;
  bad_alpha.alpha = 0;
  EXPECT_FALSE(TestIntegerPercentages(table, bad_alpha).has_value());
}

// A seeded election: precinct sizes 300..3000, turnout and leader support varying between
// precincts, figures drawn binomially. `forced` precincts of every 1000 get a whole turnout or
// a whole leader's share written in (half each).
precincts::PrecinctTable RandomTable(size_t precincts, uint64_t seed, size_t forced_per_mille) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int64_t> size(300, 3000);
  std::uniform_real_distribution<double> turnout(0.35, 0.85);
  std::uniform_real_distribution<double> support(0.3, 0.7);
  precincts::PrecinctTable table = TwoChoices();
  table.synthetic = true;
  for (size_t i = 0; i < precincts; ++i) {
    int64_t registered = size(random);
    int64_t ballots = std::binomial_distribution<int64_t>(registered, turnout(random))(random);
    int64_t leader = std::binomial_distribution<int64_t>(ballots, support(random))(random);
    if (i % 1000 < forced_per_mille) {
      // Written to a target, alternately: a whole turnout (voters on the list a multiple of
      // 100) or a whole leader's share (ballots a multiple of 100).
      if (i % 2 == 0) {
        registered = 100 * ((registered + 99) / 100);  // up: stays >= ballots
        ballots = (registered / 100) * ((100 * ballots + registered / 2) / registered);
        leader = std::min(leader, ballots);
      } else {
        ballots = 100 * (ballots / 100);
        const int64_t percent = (100 * leader + ballots / 2) / ballots;
        leader = std::min<int64_t>(99, percent) * (ballots / 100);
      }
    }
    const Status status = table.Add({.id = std::to_string(i),
                                     .group = "G",
                                     .registered = registered,
                                     .ballots = ballots,
                                     .valid = ballots,
                                     .votes = {leader, ballots - leader}});
    EXPECT_TRUE(status.ok()) << status.message();
  }
  return table;
}

TEST(TestIntegerPercentages, CleanRandomElectionIsNotFlagged) {
  const precincts::PrecinctTable table = RandomTable(100000, 20261122, 0);
  const Result<IntegerPercentages> result = TestIntegerPercentages(table, {});
  ASSERT_TRUE(result.has_value());
  for (const IntegerPercentagesMeasure* m : {&result->turnout, &result->leader_share}) {
    SCOPED_TRACE(m->name);
    EXPECT_GT(m->included, 99900);  // a few leader shares have fewer than 100 ballots
    EXPECT_FALSE(m->exact_p_value);
    // About one precinct in ten lies in a 0.1-point window around a whole percentage.
    EXPECT_NEAR(m->expected / 100000.0, 0.1, 0.01);
    EXPECT_LT(std::abs(m->z), 4.0);
    EXPECT_FALSE(m->flagged);
  }
  EXPECT_FALSE(result->flagged);
}

TEST(TestIntegerPercentages, ForcedWholePercentagesAreFlagged) {
  // 1 % of precincts written to whole percentages.
  const precincts::PrecinctTable table = RandomTable(100000, 20261122, 10);
  const Result<IntegerPercentages> result = TestIntegerPercentages(table, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->turnout.flagged);
  EXPECT_GT(result->turnout.excess, 300);  // 500 written, 10 % of them whole anyway
  EXPECT_TRUE(result->leader_share.flagged);
  EXPECT_TRUE(result->flagged);
  EXPECT_NE(IntegerPercentagesText(*result).find("FLAGGED"), std::string::npos);
  EXPECT_NE(IntegerPercentagesText(*result).find("SYNTHETIC"), std::string::npos);
  const nlohmann::json json = IntegerPercentagesJson(*result);
  EXPECT_EQ(json["turnout"]["observed"], result->turnout.observed);
  EXPECT_EQ(json["turnout"]["expected_at_integer"].size(), 101U);
  EXPECT_EQ(json["turnout"]["observed_per_mille_bins"].size(), 1001U);
  EXPECT_TRUE(json["flagged"].get<bool>());
}

TEST(TestIntegerPercentages, SmallTablesUseTheExactTail) {
  const precincts::PrecinctTable table = RandomTable(500, 7, 0);
  const Result<IntegerPercentages> result = TestIntegerPercentages(table, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->turnout.exact_p_value);
  EXPECT_GT(result->turnout.p_value, 0.0);
  EXPECT_LE(result->turnout.p_value, 1.0);
}

}  // namespace
}  // namespace esep::fingerprints
