#include "fingerprints/eftoolkit_table.h"

#include <string>

#include <gtest/gtest.h>

#include "fingerprints/digit_tests.h"

namespace esep::fingerprints {
namespace {

// Three precincts in region "R1", one in "R2"; figures chosen so that each statistic is
// computed by hand (the comments), with the package's definitions
// (R/BasicElectionForensics.R in kkalininMI/EFToolkit).
precincts::PrecinctTable HandTable() {
  precincts::PrecinctTable table;
  table.choice_names = {"A", "B"};
  const auto add = [&](const char* id, const char* region, int64_t registered, int64_t ballots,
                       int64_t a, int64_t b) {
    EXPECT_TRUE(table
                    .Add({.id = id,
                          .region = region,
                          .registered = registered,
                          .ballots = ballots,
                          .valid = ballots,
                          .votes = {a, b}})
                    .ok());
  };
  add("P1", "R1", 200, 100, 57, 43);
  add("P2", "R1", 400, 250, 125, 125);
  add("P3", "R1", 50, 8, 5, 3);
  add("P4", "R2", 100, 0, 0, 0);
  return table;
}

TEST(EftoolkitDigits, ReadTheDecimalText) {
  EXPECT_FALSE(EftoolkitSecondDigit(8).has_value());  // one character: NA, left out
  EXPECT_EQ(EftoolkitSecondDigit(10), 0);
  EXPECT_EQ(EftoolkitSecondDigit(2507), 5);
  EXPECT_EQ(EftoolkitLastDigit(0), 0);
  EXPECT_EQ(EftoolkitLastDigit(125), 5);
}

TEST(RunEftoolkitTable, MatchesHandComputationByRegion) {
  const Result<EftoolkitTable> result = RunEftoolkitTable(HandTable(), EftoolkitLevel::kRegion);
  ASSERT_TRUE(result.has_value());
  // Variable-major: Turnout R1, Turnout R2, A R1, A R2, B R1, B R2.
  ASSERT_EQ(result->rows.size(), 6U);
  const EftoolkitRow& turnout = result->rows[0];
  EXPECT_EQ(turnout.unit, "R1");
  EXPECT_EQ(turnout.variable, "Turnout");
  EXPECT_EQ(turnout.observations, 3);
  // Ballots 100, 250, 8: second digits 0 and 5 (8 has none) -> 2.5; last digits 0, 0, 8.
  EXPECT_DOUBLE_EQ(*turnout.second_digit_mean, 2.5);
  EXPECT_EQ(turnout.second_digit_counts, 2);
  EXPECT_DOUBLE_EQ(*turnout.last_digit_mean, 8.0 / 3);
  EXPECT_DOUBLE_EQ(*turnout.count_05s, 2.0 / 3);
  // Turnout 50 %, 62.5 % (rounded half to even: 62), 16 %: one of three ends in 0 or 5.
  EXPECT_DOUBLE_EQ(*turnout.percent_05s, 1.0 / 3);
  // Skewness m3 / m2^1.5 and kurtosis m4 / m2^2 of 0.5, 0.625, 0.16 (population moments).
  EXPECT_NEAR(*turnout.skewness, -0.4985949528099107, 1e-12);
  EXPECT_NEAR(*turnout.kurtosis, 1.5, 1e-12);
  EXPECT_FALSE(turnout.sobyanin.has_value());  // only for choices
  const EftoolkitRow& a = result->rows[2];
  EXPECT_EQ(a.variable, "A");
  // Votes 57, 125, 5: second digits 7, 2 -> 4.5; last digits 7, 5, 5; 2 of 3 end in 0 or 5.
  EXPECT_DOUBLE_EQ(*a.second_digit_mean, 4.5);
  EXPECT_DOUBLE_EQ(*a.last_digit_mean, 17.0 / 3);
  EXPECT_DOUBLE_EQ(*a.count_05s, 2.0 / 3);
  // Shares 57 %, 50 %, 62.5 % (-> 62): one of three.
  EXPECT_DOUBLE_EQ(*a.percent_05s, 1.0 / 3);
  // Share on turnout (0.5, 0.57), (0.625, 0.5), (0.16, 0.625): slope - mean share, and r.
  EXPECT_NEAR(*a.sobyanin, -0.8112944308533602, 1e-12);
  EXPECT_NEAR(*a.correlation, -0.9460308393790969, 1e-12);
  // R2: no ballots, so no percentage (NA) and a count of 0 (last digit 0, no second digit).
  const EftoolkitRow& a_r2 = result->rows[3];
  EXPECT_EQ(a_r2.unit, "R2");
  EXPECT_FALSE(a_r2.percent_05s.has_value());
  EXPECT_FALSE(a_r2.second_digit_mean.has_value());
  EXPECT_DOUBLE_EQ(*a_r2.count_05s, 1.0);
  // DipT: three shares have the smallest dip, 1/(2 x 3), and p-value 1 (as dip.test for n <= 3);
  // R2's turnout is one share (0 of 100), its choices none (0 / 0 is NA).
  EXPECT_DOUBLE_EQ(*turnout.dip, 1.0 / 6);
  EXPECT_EQ(*turnout.dip_p_value, 1);
  EXPECT_DOUBLE_EQ(*result->rows[1].dip, 0.5);
  EXPECT_FALSE(a_r2.dip.has_value());
  EXPECT_TRUE(EftoolkitTableJson(*result)["rows"][3]["dip_p_value"].is_null());
  EXPECT_NE(EftoolkitTableText(*result).find("Turnout"), std::string::npos);
  EXPECT_EQ(EftoolkitTableJson(*result)["rows"][2]["c05s"].get<double>(), 2.0 / 3);
  EXPECT_TRUE(EftoolkitTableJson(*result)["rows"][3]["p05s"].is_null());
}

TEST(RunEftoolkitTable, SecondDigitChiSquareAgainstBenford) {
  // 100 counts 1000 .. 1099, all with second digit 0.
  std::vector<int64_t> counts;
  std::vector<int64_t> totals;
  for (int64_t i = 0; i < 100; ++i) {
    counts.push_back(1000 + i);
    totals.push_back(2000);
  }
  const EftoolkitRow row = EftoolkitStatistics(counts, totals, {});
  const std::array<double, 10> q = SecondDigitBenford();
  const double expected =
      ((100 - (100 * q[0])) * (100 - (100 * q[0])) / (100 * q[0])) + (100 * (1 - q[0]));
  EXPECT_NEAR(*row.second_digit_chi_square, expected, 1e-9);
  EXPECT_DOUBLE_EQ(*row.second_digit_mean, 0.0);
}

TEST(RunEftoolkitTable, DipTestOfTheUncappedShare) {
  // Turnout of 20 % in ten precincts and 90 % in ten: two equal point masses, the largest dip
  // (1/4), which no uniform sample of 20 reaches. A share above 1 is kept (not capped at 1).
  std::vector<int64_t> ballots;
  std::vector<int64_t> registered;
  for (int64_t i = 0; i < 10; ++i) {
    ballots.push_back(20);
    registered.push_back(100);
    ballots.push_back(90);
    registered.push_back(100);
  }
  const EftoolkitRow two_modes = EftoolkitStatistics(ballots, registered, {});
  EXPECT_DOUBLE_EQ(*two_modes.dip, 0.25);
  EXPECT_EQ(*two_modes.dip_p_value, 0);
  EXPECT_EQ(*two_modes.dip_p_value_standard_error, 0);
  // Twenty evenly spread turnouts, one of them 105 %: as evenly spaced, the smallest dip.
  std::vector<int64_t> spread;
  for (int64_t i = 0; i < 20; ++i) {
    spread.push_back(10 + (5 * i));
  }
  const EftoolkitRow one_mode = EftoolkitStatistics(spread, registered, {});
  EXPECT_NEAR(*one_mode.dip, 1.0 / 40, 1e-12);
  EXPECT_EQ(*one_mode.dip_p_value, 1);
}

TEST(AddEftoolkitIntervals, BasicIntervalsFromResamplesOfThePrecincts) {
  // Identical precincts: every resample gives the point estimate, so, as R's boot.ci ("All
  // values of t are equal"), there is no interval: the package prints "--".
  const std::vector<int64_t> same(50, 125);
  const std::vector<int64_t> totals(50, 250);
  EftoolkitRow constant = EftoolkitStatistics(same, totals, {});
  AddEftoolkitIntervals(same, totals, {.resamples = 200, .seed = 3}, constant);
  EXPECT_FALSE(constant.intervals.second_digit_mean.has_value());
  EXPECT_FALSE(constant.intervals.count_05s.has_value());
  EXPECT_FALSE(constant.intervals.percent_05s.has_value());
  EXPECT_FALSE(constant.intervals.skewness.has_value());  // no spread: NA
  // Two precincts that differ: resamples take three values, so the interval exists.
  const std::vector<int64_t> two = {125, 131};
  const std::vector<int64_t> two_totals = {250, 250};
  EftoolkitRow pair = EftoolkitStatistics(two, two_totals, {});
  AddEftoolkitIntervals(two, two_totals, {.resamples = 200, .seed = 3}, pair);
  ASSERT_TRUE(pair.intervals.last_digit_mean.has_value());
  EXPECT_LT(pair.intervals.last_digit_mean->low, pair.intervals.last_digit_mean->high);
  // Varied counts: the interval contains the point, has the width of about 4 standard errors
  // of a mean of n digits, and the same seed gives the same bounds.
  std::vector<int64_t> counts;
  std::vector<int64_t> bases;
  for (int64_t i = 0; i < 400; ++i) {
    counts.push_back(100 + (37 * i) % 900);
    bases.push_back(2000);
  }
  EftoolkitRow row = EftoolkitStatistics(counts, bases, {});
  AddEftoolkitIntervals(counts, bases, {.resamples = 1000, .seed = 7}, row);
  const EftoolkitInterval last = *row.intervals.last_digit_mean;
  EXPECT_LT(last.low, *row.last_digit_mean);
  EXPECT_GT(last.high, *row.last_digit_mean);
  // sd of a last digit drawn from 0..9 is about 2.87; 4 standard errors of the mean of 400: 0.57.
  EXPECT_NEAR(last.high - last.low, 4 * 2.87 / 20, 0.15);
  EftoolkitRow again = EftoolkitStatistics(counts, bases, {});
  AddEftoolkitIntervals(counts, bases, {.resamples = 1000, .seed = 7}, again);
  EXPECT_DOUBLE_EQ(again.intervals.last_digit_mean->low, last.low);
  // Without resamples there are no intervals.
  EftoolkitRow none = EftoolkitStatistics(counts, bases, {});
  AddEftoolkitIntervals(counts, bases, {}, none);
  EXPECT_FALSE(none.intervals.last_digit_mean.has_value());
}

TEST(RunEftoolkitTable, ALevelWithoutNamesIsAnError) {
  precincts::PrecinctTable table;
  table.choice_names = {"A"};
  ASSERT_TRUE(
      table.Add({.id = "P", .registered = 10, .ballots = 5, .valid = 5, .votes = {5}}).ok());
  EXPECT_FALSE(RunEftoolkitTable(table, EftoolkitLevel::kGroup).has_value());
  const Result<EftoolkitTable> national = RunEftoolkitTable(table, EftoolkitLevel::kNational);
  ASSERT_TRUE(national.has_value());
  EXPECT_EQ(national->rows[0].unit, "National");
  EXPECT_EQ(national->rows.size(), 2U);
}

}  // namespace
}  // namespace esep::fingerprints
