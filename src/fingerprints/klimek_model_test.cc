#include "fingerprints/klimek_model.h"

#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace esep::fingerprints {
namespace {

TEST(ApplyKlimekFraudTest, StuffsNonVotersAndMovesOppositionVotes) {
  // Turnout 60 %, share 50 %; x = 0.5, alpha = 1: half of the 40 % non-voters stuffed (20 %),
  // half of the 30 % opposition moved (15 %): turnout 80 %, leader 30 + 20 + 15 = 65 of 80.
  const TurnoutShare after = ApplyKlimekFraud({0.6, 0.5}, 0.5, 1.0);
  EXPECT_DOUBLE_EQ(after.turnout, 0.8);
  EXPECT_DOUBLE_EQ(after.share, 65.0 / 80.0);
  // alpha = 2: x^2 = 0.25 of the opposition moved (7.5 %): leader 57.5 of 80.
  EXPECT_DOUBLE_EQ(ApplyKlimekFraud({0.6, 0.5}, 0.5, 2.0).share, 57.5 / 80.0);
  // x = 1: everything to the leader.
  const TurnoutShare all = ApplyKlimekFraud({0.6, 0.5}, 1.0, 1.0);
  EXPECT_DOUBLE_EQ(all.turnout, 1.0);
  EXPECT_DOUBLE_EQ(all.share, 1.0);
  // x = 0: unchanged.
  const TurnoutShare none = ApplyKlimekFraud({0.6, 0.5}, 0.0, 1.0);
  EXPECT_DOUBLE_EQ(none.turnout, 0.6);
  EXPECT_DOUBLE_EQ(none.share, 0.5);
}

TEST(KlimekModelHistogramTest, SumsToOneAndMovesMassToTheCorner) {
  const KlimekCleanModel clean{0.6, 0.1, 0.5, 0.1};
  const std::vector<double> clean_only = KlimekModelHistogram(clean, {}, 20, 1000, 1);
  const std::vector<double> fraud =
      KlimekModelHistogram(clean, {.incremental = 0.2, .extreme = 0.1}, 20, 20'000, 1);
  double clean_total = 0;
  double fraud_total = 0;
  for (size_t b = 0; b < clean_only.size(); ++b) {
    clean_total += clean_only[b];
    fraud_total += fraud[b];
  }
  EXPECT_NEAR(clean_total, 1.0, 1e-9);
  EXPECT_NEAR(fraud_total, 1.0, 1e-9);
  // The top-right bin (turnout and share >= 95 %) is empty for the clean model but holds most
  // of the 10 % extreme precincts with fraud.
  EXPECT_LT(clean_only[19 * 20 + 19], 1e-6);
  EXPECT_GT(fraud[19 * 20 + 19], 0.05);
  // The clean peak sits at (0.6, 0.5): bins 12 and 10.
  size_t peak = 0;
  for (size_t b = 0; b < clean_only.size(); ++b) {
    peak = clean_only[b] > clean_only[peak] ? b : peak;
  }
  EXPECT_EQ(peak / 20, 12U);
  EXPECT_EQ(peak % 20, 10U);
}

TEST(EstimateKlimekCleanTest, IgnoresTheUpperSideAndTheCornerSpike) {
  const KlimekCleanModel truth{0.55, 0.07, 0.6, 0.09};
  // Clean precincts plus 30 % incremental fraud and 5 % extreme: the estimate reads the
  // lower side of the main peak, so it stays near the clean values.
  const precincts::PrecinctTable table = SimulateKlimekTable(
      truth, {.incremental = 0.3, .extreme = 0.05, .theta = 0.2}, 50'000, 2000, 9);
  std::vector<double> turnout;
  std::vector<double> share;
  for (size_t p = 0; p < table.size(); ++p) {
    turnout.push_back(static_cast<double>(table.ballots[p]) /
                      static_cast<double>(table.registered[p]));
    share.push_back(static_cast<double>(table.Votes(p, 0)) / static_cast<double>(table.valid[p]));
  }
  const KlimekCleanModel got = EstimateKlimekClean(turnout, share, 0.95);
  EXPECT_NEAR(got.turnout_mean, 0.55, 0.02);
  EXPECT_NEAR(got.turnout_sd, 0.07, 0.015);
  EXPECT_NEAR(got.share_mean, 0.6, 0.02);
  EXPECT_NEAR(got.share_sd, 0.09, 0.015);
}

TEST(EstimateKlimekCleanTest, ASpikeJustAboveTheLimitIsNotThePeak) {
  // 80 % of the values drawn from N(0.5, 0.1) and 20 % packed in [0.95, 0.97): smoothed, that
  // spike would stand higher just below 0.95 than the clean peak. The peak is the clean one,
  // and the spread is the clean one's.
  std::mt19937_64 random(5);
  std::normal_distribution<double> normal(0.5, 0.1);
  std::vector<double> values;
  values.reserve(10000);
  for (int k = 0; k < 8000; ++k) {
    values.push_back(std::clamp(normal(random), 0.0, 0.94));
  }
  for (int k = 0; k < 2000; ++k) {
    values.push_back(0.95 + 0.02 * (k + 0.5) / 2000.0);
  }
  const KlimekCleanModel got = EstimateKlimekClean(values, values, 0.95);
  EXPECT_NEAR(got.turnout_mean, 0.5, 0.03);
  EXPECT_NEAR(got.turnout_sd, 0.1, 0.02);
  EXPECT_NEAR(got.share_mean, got.turnout_mean, 1e-12);
}

TEST(SimulateKlimekTableTest, DeterministicAndLabelledSynthetic) {
  const KlimekCleanModel clean{0.6, 0.1, 0.55, 0.1};
  const precincts::PrecinctTable a = SimulateKlimekTable(clean, {.incremental = 0.1}, 500, 1000, 4);
  const precincts::PrecinctTable b = SimulateKlimekTable(clean, {.incremental = 0.1}, 500, 1000, 4);
  EXPECT_TRUE(a.synthetic);
  EXPECT_EQ(a.size(), 500U);
  EXPECT_EQ(a.ballots, b.ballots);
  EXPECT_EQ(a.votes, b.votes);
  const precincts::PrecinctTable c = SimulateKlimekTable(clean, {.incremental = 0.1}, 500, 1000, 5);
  EXPECT_NE(a.ballots, c.ballots);
}

}  // namespace
}  // namespace esep::fingerprints
