#include "observers/parallel_vote_tabulation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::observers {
namespace {

using ::testing::HasSubstr;

// The worked example of docs/forensics-pvt.md: 4 precincts sampled of 10.
// y = 30, 50, 20, 60 votes of 100, 100, 50, 150 valid: R = 160 / 400 = 0.4; the residuals
// y − R·x are −10, 10, 0, 0, so Σ = 200; x̄ = 100;
// Var = (1 − 4/10) / (4 · 100²) · 200 / 3 = 0.001; SE = 0.0316228.
TEST(ParallelVoteTabulationTest, RatioEstimatorOnTheWorkedExample) {
  const std::vector<int64_t> y = {30, 50, 20, 60};
  const std::vector<int64_t> x = {100, 100, 50, 150};
  Result<RatioEstimate> e = EstimateRatio(y, x, 10, 2.0);
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_EQ(e->sample, 4);
  EXPECT_EQ(e->numerator, 160);
  EXPECT_EQ(e->denominator, 400);
  EXPECT_DOUBLE_EQ(e->estimate, 0.4);
  EXPECT_NEAR(e->standard_error * e->standard_error, 0.001, 1e-15);
  EXPECT_NEAR(e->low, 0.4 - 2.0 * std::sqrt(0.001), 1e-12);
  EXPECT_NEAR(e->high, 0.4 + 2.0 * std::sqrt(0.001), 1e-12);
  // The whole population sampled: no sampling error.
  Result<RatioEstimate> census = EstimateRatio(y, x, 4, 2.0);
  ASSERT_TRUE(census.has_value());
  EXPECT_EQ(census->standard_error, 0.0);
}

TEST(ParallelVoteTabulationTest, RatioEstimatorRejectsWhatItCannotEstimate) {
  const std::vector<int64_t> one = {1};
  const std::vector<int64_t> two = {1, 2};
  const std::vector<int64_t> zeros = {0, 0};
  const std::vector<int64_t> negative = {-1, 2};
  EXPECT_FALSE(EstimateRatio(one, one, 10, 1.96).has_value());
  EXPECT_FALSE(EstimateRatio(two, one, 10, 1.96).has_value());
  EXPECT_FALSE(EstimateRatio(two, zeros, 10, 1.96).has_value());
  EXPECT_FALSE(EstimateRatio(negative, two, 10, 1.96).has_value());
  EXPECT_FALSE(EstimateRatio(two, two, 1, 1.96).has_value());
  EXPECT_FALSE(EstimateRatio(two, two, 10, 0).has_value());
}

TEST(ParallelVoteTabulationTest, NormalQuantile) {
  EXPECT_NEAR(NormalQuantileTwoSided(0.95), 1.959963984540054, 1e-12);
  EXPECT_NEAR(NormalQuantileTwoSided(0.99), 2.5758293035489, 1e-10);
}

precincts::PrecinctTable HandTable() {
  precincts::PrecinctTable table;
  table.source = "official.csv";
  table.choice_names = {"A", "B"};
  // Ten precincts; the first four are the sample of the worked example (A's votes y, valid x).
  const int64_t a[] = {30, 50, 20, 60, 40, 40, 40, 40, 40, 40};
  const int64_t valid[] = {100, 100, 50, 150, 100, 100, 100, 100, 100, 100};
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(table
                    .Add({.id = fmt::format("P{}", i + 1),
                          .registered = 200,
                          .ballots = valid[i] + 2,
                          .valid = valid[i],
                          .votes = {a[i], valid[i] - a[i]}})
                    .ok());
  }
  return table;
}

TEST(ParallelVoteTabulationTest, EstimatesFromTheObserversCopies) {
  const std::string text =
      "precinct,observer,record,voters_counted,registered,ballots,valid,list:A,list:B\n"
      "P1,o,posted_copy,,200,102,100,30,70\n"
      "P2,o,posted_copy,,200,102,100,50,50\n"
      "P3,o,observer_copy,,200,52,50,20,30\n"
      "P4,o,posted_copy,,200,152,150,60,90\n"
      "P4,o,observer_copy,,200,999,999,999,999\n"  // the posted copy is the one used
      "P5,o,copy_not_posted,,,,,,\n"
      "P5,o,turnout_close,80,,,,,\n"
      "P6,o,turnout_close,90,,,,,\n"
      "X1,o,posted_copy,,1,1,1,1,0\n";
  Result<ObserverRecords> records = ParseObserverRecords(text, "obs.csv");
  ASSERT_TRUE(records.has_value()) << records.error().message();
  Result<PvtResult> pvt = EstimateFromObservers(*records, HandTable(), {});
  ASSERT_TRUE(pvt.has_value()) << pvt.error().message();
  EXPECT_EQ(pvt->population, 10);
  EXPECT_EQ(pvt->sampled, 4);
  EXPECT_EQ(pvt->sampled_without_copy, 2);
  EXPECT_EQ(pvt->sampled_unknown, 1);
  ASSERT_EQ(pvt->figures.size(), 4u);
  const PvtFigure& a = pvt->figures[1];
  EXPECT_EQ(a.name, "share A");
  EXPECT_DOUBLE_EQ(a.estimate.estimate, 0.4);
  EXPECT_NEAR(a.estimate.standard_error, std::sqrt(0.001), 1e-12);
  // Official: A has 400 of 1,000 valid votes: 0.4, inside, 0 standard errors away.
  EXPECT_EQ(a.official_numerator, 400);
  EXPECT_EQ(a.official_denominator, 1000);
  EXPECT_TRUE(a.inside);
  EXPECT_DOUBLE_EQ(a.z_difference, 0.0);
  EXPECT_EQ(a.precincts_with_votes, 4);
  EXPECT_EQ(a.official_sample_numerator, 160);  // the copies equal the official protocols
  EXPECT_EQ(a.official_sample_denominator, 400);
  // Turnout: 408 of 800 in the sample; officially 1,020 of 2,000.
  const PvtFigure& turnout = pvt->figures[0];
  EXPECT_EQ(turnout.estimate.numerator, 408);
  EXPECT_EQ(turnout.estimate.denominator, 800);
  EXPECT_DOUBLE_EQ(turnout.official, 0.51);
  // Observers' counts at the close: 170 of 400 registered = 0.425, far below 0.51.
  const PvtFigure& counted = pvt->figures[3];
  EXPECT_EQ(counted.name, "turnout (observers' counts)");
  EXPECT_EQ(counted.estimate.numerator, 170);
  EXPECT_EQ(counted.estimate.denominator, 400);
  EXPECT_FALSE(counted.inside);
  EXPECT_EQ(counted.official_sample_numerator, 102 + 102);  // P5 and P6 officially
  EXPECT_EQ(counted.official_sample_denominator, 400);
  EXPECT_GT(counted.z_difference, 3.0);
  // Warnings: a small sample, rare lists, precincts without a copy, an unknown precinct.
  const std::string text_out = PvtText(*pvt);
  EXPECT_THAT(text_out, HasSubstr("only 4 sampled precincts with a copy (fewer than 30)"));
  EXPECT_THAT(text_out, HasSubstr("share A: votes in only 4 sampled precincts"));
  EXPECT_THAT(text_out, HasSubstr("2 observed precincts gave no copy"));
  EXPECT_THAT(text_out, HasSubstr("1 observed precincts are not in the official table"));
  const nlohmann::ordered_json json = PvtJson(*pvt);
  EXPECT_EQ(json["figures"][1]["sample_numerator"], 160);
  EXPECT_EQ(json["figures"][3]["inside"], false);

  PvtOptions bad;
  bad.confidence = 1.0;
  EXPECT_FALSE(EstimateFromObservers(*records, HandTable(), bad).has_value());
}

// On a synthetic population of 2,000 precincts, 95 % intervals from 2,000 simple random
// samples of 150 precincts cover the true national share and turnout about 95 % of the time.
TEST(ParallelVoteTabulationTest, IntervalsCoverTheTruthAtRoughlyTheNominalRate) {
  std::mt19937_64 random(20260322);
  auto uniform = [&random] { return static_cast<double>(random() >> 11) * 0x1.0p-53; };
  constexpr int kPrecincts = 2000;
  std::vector<int64_t> registered(kPrecincts);
  std::vector<int64_t> ballots(kPrecincts);
  std::vector<int64_t> votes(kPrecincts);
  for (int i = 0; i < kPrecincts; ++i) {
    registered[i] = 300 + static_cast<int64_t>(2500 * uniform() * uniform());
    const double turnout = 0.35 + 0.45 * uniform();
    ballots[i] = static_cast<int64_t>(std::llround(turnout * static_cast<double>(registered[i])));
    // The list does better where turnout is high, as in real elections.
    const double share = std::clamp(0.2 + 0.5 * (turnout - 0.35) + 0.15 * uniform(), 0.0, 1.0);
    votes[i] = static_cast<int64_t>(std::llround(share * static_cast<double>(ballots[i])));
  }
  const double true_turnout =
      static_cast<double>(std::accumulate(ballots.begin(), ballots.end(), int64_t{0})) /
      static_cast<double>(std::accumulate(registered.begin(), registered.end(), int64_t{0}));
  const double true_share =
      static_cast<double>(std::accumulate(votes.begin(), votes.end(), int64_t{0})) /
      static_cast<double>(std::accumulate(ballots.begin(), ballots.end(), int64_t{0}));
  constexpr int kRuns = 2000;
  constexpr size_t kSample = 150;
  const double z = NormalQuantileTwoSided(0.95);
  int covered_turnout = 0;
  int covered_share = 0;
  std::vector<int> order(kPrecincts);
  std::iota(order.begin(), order.end(), 0);
  std::vector<int64_t> y;
  std::vector<int64_t> x;
  std::vector<int64_t> v;
  std::vector<int64_t> b;
  for (int run = 0; run < kRuns; ++run) {
    y.clear();
    x.clear();
    v.clear();
    b.clear();
    for (size_t k = 0; k < kSample; ++k) {  // partial Fisher–Yates: a simple random sample
      std::swap(order[k], order[k + random() % (kPrecincts - k)]);
      const auto i = static_cast<size_t>(order[k]);
      y.push_back(ballots[i]);
      x.push_back(registered[i]);
      v.push_back(votes[i]);
      b.push_back(ballots[i]);
    }
    const RatioEstimate turnout = *EstimateRatio(y, x, kPrecincts, z);
    const RatioEstimate share = *EstimateRatio(v, b, kPrecincts, z);
    covered_turnout += turnout.low <= true_turnout && true_turnout <= turnout.high ? 1 : 0;
    covered_share += share.low <= true_share && true_share <= share.high ? 1 : 0;
  }
  // 2,000 runs: the binomial standard deviation of the rate is 0.5 point; the ratio estimator's
  // small-sample bias costs a little more.
  const double turnout_rate = static_cast<double>(covered_turnout) / kRuns;
  const double share_rate = static_cast<double>(covered_share) / kRuns;
  EXPECT_NEAR(turnout_rate, 0.95, 0.02) << turnout_rate;
  EXPECT_NEAR(share_rate, 0.95, 0.02) << share_rate;
  // And they fail at the nominal rate when the intervals are too narrow (z = 1: 68 %).
  int covered_narrow = 0;
  for (int run = 0; run < 500; ++run) {
    y.clear();
    x.clear();
    for (size_t k = 0; k < kSample; ++k) {
      std::swap(order[k], order[k + random() % (kPrecincts - k)]);
      y.push_back(ballots[static_cast<size_t>(order[k])]);
      x.push_back(registered[static_cast<size_t>(order[k])]);
    }
    const RatioEstimate turnout = *EstimateRatio(y, x, kPrecincts, 1.0);
    covered_narrow += turnout.low <= true_turnout && true_turnout <= turnout.high ? 1 : 0;
  }
  EXPECT_NEAR(covered_narrow / 500.0, 0.683, 0.05);
}

}  // namespace
}  // namespace esep::observers
