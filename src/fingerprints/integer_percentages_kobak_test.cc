// The integer-percentage test's definitions as data, pinned on small hand-computed tables: the
// closed window and its edge (541 / 2000 = 27.05 %), the turnout of ballots issued, the share of
// valid + invalid, joint inclusion, the null that counts 0 % and 100 %, and the exact "either"
// probability of Kobak, Shpilkin & Pshenichnikov 2016 (the preset "kobak2016").

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include <boost/math/distributions/binomial.hpp>
#include <gtest/gtest.h>

#include "fingerprints/integer_percentages.h"
#include "fingerprints/internal/integer_windows.h"
#include "fingerprints/method_presets.h"

namespace esep::fingerprints {
namespace {

IntegerPercentagesOptions Kobak2016() {
  PrecinctSuiteOptions suite;
  Result<const MethodPreset*> preset = FindMethodPreset("kobak2016");
  EXPECT_TRUE(preset.has_value());
  (*preset)->apply(suite);
  return suite.integer_percentages;
}

precincts::PrecinctRow Station(std::string id, int64_t registered, int64_t issued, int64_t found,
                               int64_t valid, int64_t invalid, int64_t leader) {
  return {.id = std::move(id),
          .registered = registered,
          .ballots = found,
          .valid = valid,
          .issued = issued,
          .invalid = invalid,
          .votes = {leader, valid - leader}};
}

precincts::PrecinctTable Table() {
  precincts::PrecinctTable table;
  table.source = "hand";
  table.choice_names = {"A", "B"};
  return table;
}

TEST(IntegerWindowEdges, ClosedWindowCountsBothEdges) {
  // 541 / 2000 = 27.05 %: exactly on the upper edge of 27's window of half-width 0.05.
  EXPECT_EQ(IntegerWindowOf(541, 2000, 1, 20, WindowEdges::kClosed), 27);
  EXPECT_EQ(IntegerWindowOf(541, 2000, 1, 20, WindowEdges::kHalfOpen), -1);
  // 539 / 2000 = 26.95 %: the lower edge, inside either way.
  EXPECT_EQ(IntegerWindowOf(539, 2000, 1, 20, WindowEdges::kClosed), 27);
  EXPECT_EQ(IntegerWindowOf(539, 2000, 1, 20, WindowEdges::kHalfOpen), 27);
  // 27.1 % and 26.9 % are outside; 0 and 100 % are in 0's and 100's windows.
  EXPECT_EQ(IntegerWindowOf(542, 2000, 1, 20, WindowEdges::kClosed), -1);
  EXPECT_EQ(IntegerWindowOf(538, 2000, 1, 20, WindowEdges::kClosed), -1);
  EXPECT_EQ(IntegerWindowOf(0, 2000, 1, 20, WindowEdges::kClosed), 0);
  EXPECT_EQ(IntegerWindowOf(2000, 2000, 1, 20, WindowEdges::kClosed), 100);
  // 0.05 % is on the upper edge of 0's window.
  EXPECT_EQ(IntegerWindowOf(1, 2000, 1, 20, WindowEdges::kClosed), 0);
  EXPECT_EQ(IntegerWindowOf(1, 2000, 1, 20, WindowEdges::kHalfOpen), -1);
}

// The published code's test in doubles, |100 k / n - round(100 k / n)| <= 0.1 / 2: its exact
// edges were listed independently with numpy (the authors' library) for every m, with
// k / n = (20 m -+ 1) / 2000: the lower edge is out for m in {1, 2, 9..32}, the upper for
// m in {1, 8..31}; every other edge is in.
TEST(IntegerWindowEdges, Float64EdgesAreThoseOfThePublishedCode) {
  EXPECT_EQ(IntegerWindowOf(541, 2000, 1, 20, WindowEdges::kFloat64), -1);    // 27.05 %
  EXPECT_EQ(IntegerWindowOf(539, 2000, 1, 20, WindowEdges::kFloat64), -1);    // 26.95 %
  EXPECT_EQ(IntegerWindowOf(1001, 2000, 1, 20, WindowEdges::kFloat64), 50);   // 50.05 %
  EXPECT_EQ(IntegerWindowOf(1, 2000, 1, 20, WindowEdges::kFloat64), 0);       // 0.05 %
  EXPECT_EQ(IntegerWindowOf(1999, 2000, 1, 20, WindowEdges::kFloat64), 100);  // 99.95 %
  // Inside a window (not on an edge) the two closed rules agree.
  EXPECT_EQ(IntegerWindowOf(1083, 4000, 1, 20, WindowEdges::kFloat64), -1);   // 27.075 %
  EXPECT_EQ(IntegerWindowOf(5401, 20000, 1, 20, WindowEdges::kFloat64), 27);  // 27.005 %
  const auto lower_out = [](int64_t m) { return m == 1 || m == 2 || (m >= 9 && m <= 32); };
  const auto upper_out = [](int64_t m) { return m == 1 || (m >= 8 && m <= 31); };
  for (int64_t m = 0; m <= 100; ++m) {
    SCOPED_TRACE(testing::Message() << "m " << m);
    for (const int64_t n : {2000, 4000, 6000}) {
      if (m > 0) {
        const int64_t k = (20 * m - 1) * n / 2000;
        EXPECT_EQ(IntegerWindowOf(k, n, 1, 20, WindowEdges::kFloat64), lower_out(m) ? -1 : m);
        EXPECT_EQ(IntegerWindowOf(k, n, 1, 20, WindowEdges::kClosed), m);
      }
      if (m < 100) {
        const int64_t k = (20 * m + 1) * n / 2000;
        EXPECT_EQ(IntegerWindowOf(k, n, 1, 20, WindowEdges::kFloat64), upper_out(m) ? -1 : m);
      }
    }
  }
}

TEST(IntegerWindowEdges, Float64WindowProbabilityMatchesABruteForceSum) {
  const internal::LogFactorials log_factorial(6000);
  const internal::Window window{.numerator = 1,
                                .denominator = 20,
                                .closed = true,
                                .edges_counted = true,
                                .float64_edges = true};
  for (const int64_t n : {2000, 4000, 1237}) {
    for (const double p : {0.2705, 0.5005, 0.93}) {
      SCOPED_TRACE(testing::Message() << "n " << n << " p " << p);
      const boost::math::binomial_distribution<double> law(static_cast<double>(n), p);
      double brute = 0.0;
      for (int64_t k = 0; k <= n; ++k) {
        if (internal::WindowOf(k, n, window) >= 0) {
          brute += boost::math::pdf(law, static_cast<double>(k));
        }
      }
      EXPECT_NEAR(internal::WindowProbability(n, p, window, log_factorial), brute, 1e-12);
    }
  }
}

TEST(IntegerWindowEdges, ClosedWindowProbabilityMatchesABruteForceSum) {
  const internal::LogFactorials log_factorial(5000);
  for (const int64_t n : {2000, 1237, 100, 4001}) {
    for (const double p : {0.2705, 0.5, 0.93, 0.01}) {
      for (const bool edges : {false, true}) {
        SCOPED_TRACE(testing::Message() << "n " << n << " p " << p << " edges " << edges);
        const internal::Window window{
            .numerator = 1, .denominator = 20, .closed = true, .edges_counted = edges};
        const boost::math::binomial_distribution<double> law(static_cast<double>(n), p);
        double brute = 0.0;
        for (int64_t k = edges ? 0 : 1; k <= (edges ? n : n - 1); ++k) {
          if (internal::WindowOf(k, n, window) >= 0) {
            brute += boost::math::pdf(law, static_cast<double>(k));
          }
        }
        EXPECT_NEAR(internal::WindowProbability(n, p, window, log_factorial), brute, 1e-12);
      }
    }
  }
}

TEST(Kobak2016Preset, SetsThePublishedDefinitions) {
  const IntegerPercentagesOptions o = Kobak2016();
  EXPECT_EQ(o.turnout_numerator, TurnoutNumerator::kIssued);
  EXPECT_EQ(o.leader_base, LeaderBase::kValidAndInvalid);
  EXPECT_EQ(o.inclusion, Inclusion::kJoint);
  EXPECT_EQ(o.min_base, 100);
  EXPECT_EQ(o.max_percent, 99);
  EXPECT_EQ(o.window_numerator, 1);
  EXPECT_EQ(o.window_denominator, 20);
  EXPECT_EQ(o.window_edges, WindowEdges::kFloat64);
  EXPECT_EQ(o.null_edges, NullEdges::kCounted);
  EXPECT_EQ(o.share_null, ShareNull::kObservedBase);
  EXPECT_EQ(o.preset, "kobak2016");
  const Result<const MethodPreset*> unknown = FindMethodPreset("kobak2015");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message().find("presets: kobak2016"), std::string::npos);
}

// Which stations enter, and what counts as integer, under the published definitions.
TEST(Kobak2016Preset, JointInclusionAndDefinitionsOnAHandTable) {
  precincts::PrecinctTable table = Table();
  // 541 / 2000 = 27.05 % issued: on the edge, which the published code's doubles leave out
  // (closed in exact arithmetic it would be in); the found ballots, 560, would give 28 %.
  // Share 250 / (495 + 5) = 50 %: integer.
  ASSERT_TRUE(table.Add(Station("edge", 2000, 541, 560, 495, 5, 250)).ok());
  // Found 600 of 1000 would be 60 %; issued 605 is 60.5 %: not integer. The share 301 /
  // (590 + 10) = 50.17 % of valid + invalid (51.02 % of valid): not integer either way.
  ASSERT_TRUE(table.Add(Station("issued", 1000, 605, 600, 590, 10, 301)).ok());
  // Share of valid + invalid 330 / 600 = 55 % (of valid 330 / 580 = 56.9 %): integer.
  ASSERT_TRUE(table.Add(Station("valid+invalid", 1000, 613, 600, 580, 20, 330)).ok());
  ASSERT_TRUE(table.Add(Station("99 voters", 99, 50, 50, 50, 0, 30)).ok());  // small
  ASSERT_TRUE(table.Add(Station("no ballots", 500, 0, 0, 0, 0, 0)).ok());    // base 0
  ASSERT_TRUE(table.Add(Station("turnout 99.5", 200, 199, 199, 199, 0, 100)).ok());
  ASSERT_TRUE(table.Add(Station("share 99.4", 1000, 500, 500, 497, 3, 497)).ok());
  // Exactly 99 % turnout and 99 % share: included (at most 99 %), both integer.
  ASSERT_TRUE(table.Add(Station("99 and 99", 100, 99, 99, 99, 1, 99)).ok());
  const Result<IntegerPercentages> result = TestIntegerPercentages(table, Kobak2016());
  ASSERT_TRUE(result.has_value()) << result.error().message();
  ASSERT_TRUE(result->either.has_value());
  for (const IntegerPercentagesMeasure* m :
       {&result->turnout, &result->leader_share, &*result->either}) {
    SCOPED_TRACE(m->name);
    EXPECT_EQ(m->precincts, 8);
    EXPECT_EQ(m->included, 4);
    EXPECT_EQ(m->excluded_small, 1);
    EXPECT_EQ(m->excluded_zero_base, 1);
    EXPECT_EQ(m->excluded_above_max, 2);
  }
  EXPECT_EQ(result->turnout.observed, 1);  // 99 and 99 (99); not the edge
  EXPECT_EQ(result->turnout.observed_at[27], 0);
  EXPECT_EQ(result->turnout.observed_at[99], 1);
  EXPECT_EQ(result->leader_share.observed, 3);  // edge (50), valid+invalid (55), 99 and 99 (99)
  EXPECT_EQ(result->leader_share.observed_at[55], 1);
  EXPECT_EQ(result->either->observed, 3);
  EXPECT_EQ(result->turnout.numerator, "issued");
  EXPECT_EQ(result->leader_share.denominator, "valid+invalid");
  EXPECT_EQ(result->Measures(), 3);
  // Exact closed windows count the edge.
  IntegerPercentagesOptions closed = Kobak2016();
  closed.window_edges = WindowEdges::kClosed;
  const Result<IntegerPercentages> exact = TestIntegerPercentages(table, closed);
  ASSERT_TRUE(exact.has_value());
  EXPECT_EQ(exact->turnout.observed, 2);
  EXPECT_EQ(exact->turnout.observed_at[27], 1);

  // esep's defaults on the same table: found ballots, per-measure inclusion, half-open windows.
  const Result<IntegerPercentages> defaults = TestIntegerPercentages(table, {});
  ASSERT_TRUE(defaults.has_value());
  EXPECT_FALSE(defaults->either.has_value());
  EXPECT_EQ(defaults->turnout.observed_at[28], 1);  // 560 / 2000 found
  EXPECT_EQ(defaults->turnout.observed_at[60], 2);  // 600 / 1000 found, twice
}

// The joint null by hand. One station: 7 on the list, 3 issued (t = 3/7), share 1 of 3 (s =
// 1/3); exact windows (w = 0), 0 % and 100 % counted. T' ~ Binomial(7, 3/7), with weights
// C(7,i) 3^i 4^(7-i) / 7^7 = 16384, 86016, 193536, 241920, 181440, 81648, 20412, 2187 (/ 823543)
// for i = 0..7. Turnout i / 7 is whole only at i = 0 and 7. Given i >= 1 the leader's votes are
// Binomial(i, 1/3), whole for every value when i = 1, 2, 4, 5; for i = 3 only at 0 or 3 (1/3),
// i = 6 at 0, 3 or 6 ((64 + 160 + 1) / 729 = 225/729), i = 7 at 0 or 7 (129 / 2187).
//   P(turnout) = (16384 + 2187) / 823543
//   P(share)   = (86016 + 193536 + 241920/3 + 181440 + 81648 + 20412·225/729 + 2187·129/2187)
//              = 629709 / 823543
//   P(either)  = 16384 + (629709 - 129) + 2187 = 648151 / 823543
// (a product of marginals would say 1 - (1 - 18571/823543)(1 - 629709/823543), not this).
// The 7-voter station under `share_null` with exact windows (w = 0), every station included.
Result<IntegerPercentages> TinyStation(ShareNull share_null) {
  precincts::PrecinctTable table = Table();
  EXPECT_TRUE(table.Add(Station("tiny", 7, 3, 3, 2, 1, 1)).ok());
  IntegerPercentagesOptions options = Kobak2016();
  options.share_null = share_null;
  options.min_base = 2;
  options.max_percent = 100;
  options.window_numerator = 0;
  options.window_denominator = 1;
  return TestIntegerPercentages(table, options);
}

TEST(IntegerPercentagesJointNull, EitherIsTheExactJointProbability) {
  const Result<IntegerPercentages> result = TinyStation(ShareNull::kSimulatedTurnout);
  ASSERT_TRUE(result.has_value()) << result.error().message();
  constexpr double kTotal = 823543.0;
  EXPECT_NEAR(result->turnout.expected, 18571.0 / kTotal, 1e-14);
  EXPECT_NEAR(result->turnout.expected_at[0], 16384.0 / kTotal, 1e-14);
  EXPECT_NEAR(result->turnout.expected_at[100], 2187.0 / kTotal, 1e-14);
  EXPECT_NEAR(result->leader_share.expected, 629709.0 / kTotal, 1e-13);
  EXPECT_NEAR(result->either->expected, 648151.0 / kTotal, 1e-13);
  const double t = 18571.0 / kTotal;
  const double s = 629709.0 / kTotal;
  EXPECT_GT(std::abs(result->either->expected - (1 - ((1 - t) * (1 - s)))), 0.01);
  EXPECT_EQ(result->either->observed, 0);
  EXPECT_NEAR(result->either->p_value, 1.0, 1e-14);  // P(count >= 0)
}

// The published code's null on the same station: the leader's votes ~ Binomial(3, 1/3) on the
// observed valid + invalid (3), independently of the turnout, whole at 0 and 3 only:
// P(share) = (8 + 1) / 27 = 1/3; P(either) = Pt + Ps - Pt Ps, exactly.
TEST(Kobak2016Preset, TheSharesNullIsDrawnOnTheObservedBaseIndependently) {
  ASSERT_EQ(Kobak2016().share_null, ShareNull::kObservedBase);
  const Result<IntegerPercentages> result = TinyStation(ShareNull::kObservedBase);
  ASSERT_TRUE(result.has_value()) << result.error().message();
  const double t = 18571.0 / 823543.0;
  const double s = 1.0 / 3.0;
  EXPECT_NEAR(result->turnout.expected, t, 1e-14);
  EXPECT_NEAR(result->leader_share.expected, s, 1e-14);
  EXPECT_NEAR(result->leader_share.expected_at[0], 8.0 / 27.0, 1e-14);
  EXPECT_NEAR(result->leader_share.expected_at[100], 1.0 / 27.0, 1e-14);
  EXPECT_NEAR(result->either->expected, t + s - (t * s), 1e-14);
}

// The joint probabilities of a realistic station against a simulation of the simulated-turnout
// null (the share drawn on the simulated count) with a fixed seed: within 4 standard errors of
// 400,000 draws.
TEST(Kobak2016Preset, JointProbabilitiesAgreeWithASimulation) {
  const int64_t voters = 1000;
  const double turnout_rate = 0.6123;
  const double share_rate = 0.5471;
  const internal::Window window{
      .numerator = 1, .denominator = 20, .closed = true, .edges_counted = true};
  const internal::LogFactorials log_factorial(voters);
  const internal::JointProbabilities exact = internal::JointWindowProbabilities(
      voters, turnout_rate, share_rate, window, log_factorial, nullptr, nullptr);
  std::mt19937_64 random(20160101);
  std::binomial_distribution<int64_t> turnout(voters, turnout_rate);
  constexpr int kDraws = 400000;
  int64_t t_hits = 0;
  int64_t s_hits = 0;
  int64_t either_hits = 0;
  for (int draw = 0; draw < kDraws; ++draw) {
    const int64_t i = turnout(random);
    const bool t = internal::WindowOf(i, voters, window) >= 0;
    bool s = false;
    if (i > 0) {
      const int64_t k = std::binomial_distribution<int64_t>(i, share_rate)(random);
      s = internal::WindowOf(k, i, window) >= 0;
    }
    t_hits += t ? 1 : 0;
    s_hits += s ? 1 : 0;
    either_hits += t || s ? 1 : 0;
  }
  const auto check = [](double p, int64_t hits) {
    const double estimate = static_cast<double>(hits) / kDraws;
    EXPECT_NEAR(estimate, p, 4 * std::sqrt(p * (1 - p) / kDraws));
  };
  check(exact.turnout, t_hits);
  check(exact.share, s_hits);
  check(exact.either, either_hits);
  EXPECT_GT(exact.either, exact.turnout);
  EXPECT_LT(exact.either, exact.turnout + exact.share);
}

TEST(Kobak2016Preset, ADefinitionNeedingAMissingFigureSaysWhich) {
  precincts::PrecinctTable table = Table();
  ASSERT_TRUE(
      table.Add({.id = "P", .registered = 1000, .ballots = 600, .valid = 590, .votes = {300, 290}})
          .ok());
  const Result<IntegerPercentages> preset = TestIntegerPercentages(table, Kobak2016());
  ASSERT_FALSE(preset.has_value());
  EXPECT_EQ(preset.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(preset.error().message().find("ballots issued"), std::string::npos);
  EXPECT_NE(preset.error().message().find("\"issued\""), std::string::npos);
  IntegerPercentagesOptions options;
  options.leader_base = LeaderBase::kValidAndInvalid;
  const Result<IntegerPercentages> share = TestIntegerPercentages(table, options);
  ASSERT_FALSE(share.has_value());
  EXPECT_NE(share.error().message().find("invalid ballots"), std::string::npos);
  // A closed window of half-width 1/2 would give 50.5 % to both 50 and 51.
  options = {};
  options.window_edges = WindowEdges::kClosed;
  options.window_numerator = 1;
  options.window_denominator = 2;
  EXPECT_FALSE(TestIntegerPercentages(table, options).has_value());
}

// Each definition alone, on esep's per-measure inclusion. One station: 3 on the list, 1 ballot
// found but 2 issued; 1 valid + 1 invalid; the leader's 1 vote is 100 % of the valid ballots, 50 %
// of valid + invalid and of the issued, 100 % of the found. Exact windows (w = 0), minimum 2.
TEST(IntegerPercentagesDefinitions, EachNumeratorAndDenominatorOnItsOwn) {
  precincts::PrecinctTable table = Table();
  ASSERT_TRUE(table.Add(Station("S", 3, 2, 1, 1, 1, 1)).ok());
  IntegerPercentagesOptions options;
  options.window_numerator = 0;
  options.window_denominator = 1;
  options.min_base = 2;
  const auto run = [&table](const IntegerPercentagesOptions& o) {
    Result<IntegerPercentages> result = TestIntegerPercentages(table, o);
    EXPECT_TRUE(result.has_value()) << result.error().message();
    return result.has_value() ? *result : IntegerPercentages{};
  };
  // Turnout of the found ballots, 1 / 3: the null Binomial(3, 1/3) restricted to 1..2 is never
  // whole; with 0 % and 100 % counted, P = (2/3)^3 + (1/3)^3 = 1/3.
  EXPECT_EQ(run(options).turnout.included, 1);
  EXPECT_NEAR(run(options).turnout.expected, 0.0, 1e-15);
  options.null_edges = NullEdges::kCounted;
  EXPECT_NEAR(run(options).turnout.expected, 1.0 / 3.0, 1e-14);
  options.null_edges = NullEdges::kExcluded;
  // Turnout of the issued ballots, 2 / 3: not whole either.
  options.turnout_numerator = TurnoutNumerator::kIssued;
  EXPECT_EQ(run(options).turnout.numerator, "issued");
  EXPECT_EQ(run(options).turnout.observed, 0);
  // The share: of the found ballots (1 / 1, left out: below the minimum of 2), of the valid
  // (1 / 1, same), of valid + invalid (1 / 2 = 50 %: whole) and of the issued (1 / 2: whole).
  EXPECT_EQ(run(options).leader_share.excluded_small, 1);
  options.leader_base = LeaderBase::kValid;
  EXPECT_EQ(run(options).leader_share.excluded_small, 1);
  options.leader_base = LeaderBase::kValidAndInvalid;
  EXPECT_EQ(run(options).leader_share.observed_at[50], 1);
  // Binomial(2, 1/2) on 1..1 is 50 % with probability 1/2.
  EXPECT_NEAR(run(options).leader_share.expected, 0.5, 1e-15);
  options.leader_base = LeaderBase::kIssued;
  EXPECT_EQ(run(options).leader_share.observed_at[50], 1);
  EXPECT_EQ(run(options).leader_share.denominator, "issued");
}

TEST(IntegerPercentagesSettings, EachSetSettingReplacesThePresets) {
  IntegerPercentagesOptions options = Kobak2016();
  IntegerPercentagesSettings settings;
  settings.min_base = 50;
  settings.window_edges = WindowEdges::kHalfOpen;
  settings.ApplyTo(options);
  EXPECT_EQ(options.min_base, 50);
  EXPECT_EQ(options.window_edges, WindowEdges::kHalfOpen);
  EXPECT_EQ(options.leader_base, LeaderBase::kValidAndInvalid);  // untouched
  EXPECT_EQ(options.max_percent, 99);
}

}  // namespace
}  // namespace esep::fingerprints
