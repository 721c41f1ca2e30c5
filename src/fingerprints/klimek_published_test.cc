#include "fingerprints/klimek_published.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "fingerprints/klimek_model.h"

namespace esep::fingerprints {
namespace {

// The bins of a fit of 1,000 units at thres 5: 101 bins of width 0.01 centred on 0, ..., 1.
Klimek2012Bins HundredBins() { return Klimek2012BinsFor(1000, 5); }

TEST(Klimek2012Test, SequenceIsRsSeq) {
  const std::vector<double> fe = RSequence(0, 0.3, 0.1);
  ASSERT_EQ(fe.size(), 4u);
  EXPECT_EQ(fe[3], 0.3);  // 3 * 0.1 = 0.30000000000000004, clipped to `to` as R's pmin does
  const std::vector<double> fi = RSequence(0, 1, 0.2);
  ASSERT_EQ(fi.size(), 6u);
  EXPECT_EQ(fi[3], 3 * 0.2);  // 0.6000000000000001: not clipped
  EXPECT_NE(fi[3], 0.6);
  const std::vector<double> breaks = RSequence(-0.005, 1.005, 0.01);
  ASSERT_EQ(breaks.size(), 102u);
  EXPECT_EQ(breaks.front(), -0.005);
}

TEST(Klimek2012Test, BinsFollowTheThresRule) {
  const Klimek2012Bins five = HundredBins();
  EXPECT_EQ(five.thres, 5);
  EXPECT_EQ(five.breaks.size(), 102u);  // 101 bins
  // thres 5.1: h = 0.05 / 5.1, 103 bins (R: 104 breaks, the last 1.0049019607843137).
  const Klimek2012Bins five_one = Klimek2012BinsFor(1000, 5.1);
  EXPECT_EQ(five_one.breaks.size(), 104u);
  EXPECT_DOUBLE_EQ(five_one.breaks.back(), 1.0049019607843137);
  // 100 units: 0.8 * 100 = 80 is not above 1 / h = 100, 90, 80; at thres 3.5 it is above 70.
  const Klimek2012Bins small = Klimek2012BinsFor(100, 5);
  EXPECT_EQ(small.thres, 3.5);
  EXPECT_EQ(small.breaks.size(), 72u);  // as R
  EXPECT_DOUBLE_EQ(small.breaks.front(), -0.0071428571428571435);
  EXPECT_DOUBLE_EQ(small.breaks.back(), 1.0071428571428571);
  // 10 units: the rule stops at 0.5.
  EXPECT_EQ(Klimek2012BinsFor(10, 5).thres, 0.5);
}

TEST(Klimek2012Test, HistogramIsRsHist) {
  const Klimek2012Bins bins = HundredBins();
  // R: hist(c(0, 0.005, 0.0051, 0.015, 0.015000001, 1, 0.5, NaN, 0.995), breaks)$counts has
  // 2 in bin 1, 2 in bin 2, 1 in bins 3, 51, 100 and 101 (1-based): closed on the right.
  const std::vector<double> values = {0, 0.005, 0.0051, 0.015, 0.015000001, 1, 0.5, NAN, 0.995};
  const std::optional<std::vector<int64_t>> counts = RHistogram(values, bins.breaks);
  ASSERT_TRUE(counts.has_value());
  ASSERT_EQ(counts->size(), 101u);
  std::vector<int64_t> expected(101, 0);
  expected[0] = 2;
  expected[1] = 2;
  expected[2] = 1;
  expected[50] = 1;
  expected[99] = 1;
  expected[100] = 1;
  EXPECT_EQ(*counts, expected);
  // A value beyond the last break: R stops ("some 'x' not counted").
  const std::vector<double> beyond = {0.5, 1.006};
  EXPECT_FALSE(RHistogram(beyond, bins.breaks).has_value());
}

// A hand table over the 101 bins (bin k, 1-based, is centred on (k - 1) %, its left break is
// (k - 1.5) %):
//   2 units share 0.10, turnout 0.30;  8 units share 0.20, turnout 0.50;
//  10 units share 0.30, turnout 0.40;  3 units share 0.31, turnout 0.45.
// Share histogram: 2 in bin 11, 8 in bin 21, 10 in bin 31, 3 in bin 32. From bin 10 on the
// first fall by more than 5 is 8 -> 0 after bin 21: lambda = 0.195. The peak is bin 31: 0.295.
// Turnout histogram: 2 in bin 31, 10 in bin 41, 3 in bin 46, 8 in bin 51; from bin 15 on the
// first fall by more than 5 is after bin 41: p_att = 0.395.
struct HandTable {
  std::vector<double> turnout;
  std::vector<double> share;
};

HandTable MakeHandTable(int units_at_020) {
  HandTable t;
  const auto add = [&t](int n, double share, double turnout) {
    for (int i = 0; i < n; ++i) {
      t.share.push_back(share);
      t.turnout.push_back(turnout);
    }
  };
  add(2, 0.10, 0.30);
  add(units_at_020, 0.20, 0.50);
  add(10, 0.30, 0.40);
  add(3, 0.31, 0.45);
  return t;
}

TEST(Klimek2012Test, EstimateOnAHandTable) {
  const HandTable t = MakeHandTable(8);
  const Result<Klimek2012Estimate> e = EstimateKlimek2012(t.turnout, t.share, HundredBins());
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_NEAR(e->share_peak, 0.295, 1e-15);
  EXPECT_EQ(e->slope_threshold, 5);
  EXPECT_NEAR(e->share_drop, 0.195, 1e-15);
  EXPECT_NEAR(e->turnout_drop, 0.395, 1e-15);
  // Below both drops: the 2 units at (0.30, 0.10): a - p_att = -0.095.
  EXPECT_NEAR(e->turnout_spread, 0.095, 1e-12);
  // Below the share's drop: the same 2 units, v - lambda = -0.095: sqrt(2 * 0.095^2).
  EXPECT_NEAR(e->share_spread, std::sqrt(2.0) * 0.095, 1e-12);
  // Above the peak: 10 at +0.005 and 3 at +0.015: theta = (0.000925 / 13)^(1/4).
  EXPECT_NEAR(e->theta, std::pow(0.000925 / 13, 0.25), 1e-12);
}

TEST(Klimek2012Test, SlopeThresholdFallsByHalves) {
  // 2 units at share 0.10 (turnout 0.30), 4 at 0.20 (turnout 0.50), 4 at 0.30 (turnout 0.40):
  // every fall is of 2 or 4, not below -5, -4.5 or -4 but below -3.5; the first from bin 10 on
  // is after bin 21 for the share (lambda = 0.195), after bin 41 for turnout (0.395).
  const std::vector<double> share = {0.10, 0.10, 0.20, 0.20, 0.20, 0.20, 0.30, 0.30, 0.30, 0.30};
  const std::vector<double> turnout = {0.30, 0.30, 0.50, 0.50, 0.50, 0.50, 0.40, 0.40, 0.40, 0.40};
  const Result<Klimek2012Estimate> e = EstimateKlimek2012(turnout, share, HundredBins());
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_EQ(e->slope_threshold, 3.5);
  EXPECT_NEAR(e->share_drop, 0.195, 1e-15);
  EXPECT_NEAR(e->turnout_drop, 0.395, 1e-15);
  EXPECT_NEAR(e->share_peak, 0.195, 1e-15);  // the first of the two bins with 4
}

TEST(Klimek2012Test, EstimateFailsWithoutADrop) {
  // One unit per bin: no fall is below -1.5.
  std::vector<double> share;
  std::vector<double> turnout;
  for (int k = 10; k < 90; ++k) {
    share.push_back(k / 100.0);
    turnout.push_back(k / 100.0);
  }
  const Result<Klimek2012Estimate> e = EstimateKlimek2012(turnout, share, HundredBins());
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code(), StatusCode::kFailedPrecondition);
  // The 2 units below the share's drop turn out above the turnout's drop: no unit is below
  // both, the turnout spread is undefined (R: NaN, and the simulation stops).
  HandTable t = MakeHandTable(8);
  t.turnout[0] = 0.60;
  t.turnout[1] = 0.60;
  const Result<Klimek2012Estimate> none = EstimateKlimek2012(t.turnout, t.share, HundredBins());
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code(), StatusCode::kFailedPrecondition);
}

TEST(Klimek2012Test, GridIsExpandGridOrder) {
  const std::vector<Klimek2012Point> grid = Klimek2012Grid();
  ASSERT_EQ(grid.size(), 48u);
  EXPECT_EQ(grid[0].incremental, 0);
  EXPECT_EQ(grid[0].extreme, 0);
  EXPECT_EQ(grid[0].alpha, 0.5);
  EXPECT_EQ(grid[1].incremental, 0.2);
  EXPECT_EQ(grid[6].incremental, 0);
  EXPECT_EQ(grid[6].extreme, 0.1);
  EXPECT_EQ(grid[24].alpha, 1);
  EXPECT_EQ(grid[47].incremental, 1);
  EXPECT_EQ(grid[47].extreme, 0.3);
  EXPECT_EQ(grid[47].alpha, 1);
}

TEST(Klimek2012Test, CriterionAndTies) {
  const std::vector<int64_t> simulated = {3, 0, 5};
  const std::vector<int64_t> observed = {1, 2, 5};
  // ((3 - 1) / 2)^2 + ((0 - 2) / 3)^2 + 0 = 1 + 4/9.
  EXPECT_DOUBLE_EQ(Klimek2012Criterion(simulated, observed), 1 + 4.0 / 9);
  const std::vector<Klimek2012Point> grid = {{0, 0, 0.5}, {0.2, 0.1, 0.5}, {0.6, 0.3, 1}};
  const std::vector<double> single = {2, 1, 3};
  const Klimek2012Pick one = PickKlimek2012(grid, single);
  EXPECT_EQ(one.point.incremental, 0.2);
  EXPECT_EQ(one.point.extreme, 0.1);
  EXPECT_EQ(one.criterion, 1);
  // A tie: the mean of the tied points.
  const std::vector<double> tied = {2, 1, 1};
  const Klimek2012Pick two = PickKlimek2012(grid, tied);
  EXPECT_DOUBLE_EQ(two.point.incremental, 0.4);
  EXPECT_DOUBLE_EQ(two.point.extreme, 0.2);
  EXPECT_DOUBLE_EQ(two.point.alpha, 0.75);
}

TEST(Klimek2012Test, SummaryIsMeanAndSampleSd) {
  const std::vector<double> values = {0.2, 0.2, 0.4};
  const Klimek2012Summary s = SummarizeKlimek2012(values);
  EXPECT_NEAR(s.mean, 0.8 / 3, 1e-15);
  EXPECT_NEAR(s.sd, std::sqrt(0.04 / 3), 1e-15);  // Σ d² = 2 (1/15)^2 + (2/15)^2; / 2
  const std::vector<double> one = {0.2};
  EXPECT_TRUE(std::isnan(SummarizeKlimek2012(one).sd));  // R's sd of one value is NA
}

TEST(Klimek2012Test, UnitsWithAZeroFigureAreLeftOut) {
  // 0 voters, a 0 base, 0 votes: left out. 3 units remain, far too few: the bin rule leaves
  // thres at 0.5 for every thres of the set, and the row fails as the program's does.
  const std::vector<int64_t> registered = {100, 0, 100, 100, 100, 100};
  const std::vector<int64_t> base = {50, 0, 0, 60, 70, 80};
  const std::vector<int64_t> votes = {20, 0, 10, 0, 30, 40};
  const Klimek2012Row row = FitKlimek2012(registered, base, votes, 1, 1);
  EXPECT_EQ(row.units, 3);
  EXPECT_EQ(row.left_out, 3);
  EXPECT_NE(row.failure.find("too few precincts"), std::string::npos) << row.failure;
  EXPECT_TRUE(row.picks.empty());
}

precincts::PrecinctTable ExtremeFraudTable() {
  const KlimekCleanModel clean{
      .turnout_mean = 0.55, .turnout_sd = 0.08, .share_mean = 0.45, .share_sd = 0.08};
  const KlimekFraudModel fraud{.incremental = 0, .extreme = 0.2};
  return SimulateKlimekTable(clean, fraud, 2000, 1000, 7);
}

TEST(Klimek2012Test, SeededEndToEndFindsInjectedExtremeFraud) {
  const precincts::PrecinctTable table = ExtremeFraudTable();
  const Result<Klimek2012Table> fit = RunKlimek2012(table, {.iterations = 3, .seed = 1});
  ASSERT_TRUE(fit.has_value()) << fit.error().message();
  ASSERT_EQ(fit->rows.size(), 1u);
  const Klimek2012Row& row = fit->rows[0];
  EXPECT_EQ(row.unit, "National");
  EXPECT_EQ(row.choice, "leader");
  EXPECT_TRUE(row.failure.empty()) << row.failure;
  EXPECT_EQ(row.units + row.left_out, 2000);
  // thres 5 finds no precinct below both drops (share and turnout); the program moves on to 5.1
  // (103 bins).
  ASSERT_EQ(row.failed_thres.size(), 1u);
  EXPECT_EQ(row.failed_thres[0].rfind("thres 5: no precinct has both a share below", 0), 0u)
      << row.failed_thres[0];
  EXPECT_EQ(row.thres_tried, 5 + 1 / 10.0);
  EXPECT_EQ(row.bins, 103);
  ASSERT_EQ(row.picks.size(), 3u);
  // SYNTHETIC: 20 % of the precincts carry extreme fraud and none incremental; the iterations'
  // best f_e are 0.2, 0.2 and 0.3 with this seed. The program also puts f_i at 1, 0.8 and 0.8:
  // its theta is read from every share above the peak, the extreme-fraud spike included, and
  // incremental fraud of that size fills the gap between the two peaks.
  EXPECT_EQ(row.picks[0].point.extreme, 0.2);
  EXPECT_EQ(row.picks[1].point.extreme, 0.2);
  EXPECT_EQ(row.picks[2].point.extreme, 0.3);
  EXPECT_EQ(row.picks[0].point.incremental, 1);
  EXPECT_EQ(row.picks[1].point.incremental, 0.8);
  EXPECT_EQ(row.picks[2].point.incremental, 0.8);
  EXPECT_DOUBLE_EQ(row.extreme.mean, 0.7 / 3);
  EXPECT_TRUE(fit->synthetic);
  // The same seed gives the same fit; another seed draws another stream.
  const Result<Klimek2012Table> again = RunKlimek2012(table, {.iterations = 3, .seed = 1});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->rows[0].criterion.mean, row.criterion.mean);
  const Result<Klimek2012Table> other = RunKlimek2012(table, {.iterations = 3, .seed = 2});
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(other->rows[0].criterion.mean, row.criterion.mean);
  EXPECT_NE(Klimek2012Text(*fit).find("SYNTHETIC"), std::string::npos);
  EXPECT_DOUBLE_EQ(Klimek2012Json(*fit)["rows"][0]["extreme"]["mean"].get<double>(), 0.7 / 3);
}

TEST(Klimek2012Test, RunRejectsBadRequests) {
  const precincts::PrecinctTable table = ExtremeFraudTable();
  EXPECT_EQ(RunKlimek2012(table, {.choices = {"nobody"}}).error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RunKlimek2012(table, {.level = Klimek2012Level::kRegion}).error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RunKlimek2012(table, {.iterations = 0}).error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace esep::fingerprints
