#include "fingerprints/dip_test.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace esep::fingerprints {
namespace {

std::vector<double> Sorted(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values;
}

// `n` values from a fixed stream: uniform on [0, 1), or rounded to `grid` steps to make ties.
std::vector<double> RandomSample(size_t n, uint64_t seed, double grid = 0) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<double> values(n);
  for (double& v : values) {
    v = uniform(random);
    if (grid > 0) {
      v = std::round(v / grid) * grid;
    }
  }
  return Sorted(values);
}

TEST(DipTest, SmallSamplesHaveTheSmallestDip) {
  // One step of the empirical distribution is 1/n; the closest unimodal fit is within half of it.
  EXPECT_EQ(DipStatistic(std::vector<double>{}), 0);
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{3.5}), 0.5);
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{1, 2}), 0.25);
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{0, 1, 5}), 1.0 / 6);
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{0, 9, 10}), 1.0 / 6);
  // One repeated value: 1/(2n), as diptest::dip with min.is.0 = FALSE.
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{7, 7, 7, 7, 7}), 0.1);
}

TEST(DipTest, EvenlySpacedPointsFitTheUniformWithinHalfAStep) {
  for (const size_t n : {4U, 10U, 37U, 500U}) {
    std::vector<double> values(n);
    for (size_t i = 0; i < n; ++i) {
      values[i] = static_cast<double>(i);
    }
    EXPECT_DOUBLE_EQ(DipStatistic(values), 1.0 / (2.0 * static_cast<double>(n))) << n;
  }
}

TEST(DipTest, TwoPointMassesOfEqualWeightHaveTheLargestDip) {
  // F jumps 0 -> 1/2 -> 1; a unimodal G can jump only once, so it misses the other jump by half:
  // sup |F - G| >= 1/4, and G jumping 1/4 -> 3/4 at one mass after rising to 1/4 achieves it.
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{0, 0, 1, 1}), 0.25);
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{2, 2, 2, 8, 8, 8}), 0.25);
}

TEST(DipTest, AgreesWithPublishedValuesOfSmallSamples) {
  // Values printed by the tests of R's diptest package (tests/ex1.R): 2n dip = 4/3 for
  // {0, 2, 3, 5, 6} and its mirror, 1/(2n) for {0, 1, 3, 6}, and 1/(2n) for 1 followed by
  // nine 2s (a tie-heavy case).
  EXPECT_NEAR(DipStatistic(std::vector<double>{0, 2, 3, 5, 6}), 2.0 / 15, 1e-12);
  EXPECT_NEAR(DipStatistic(std::vector<double>{0, 1, 3, 4, 6}), 2.0 / 15, 1e-12);
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{0, 1, 3, 6}), 1.0 / 8);
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{1, 2, 2, 2, 2, 2, 2, 2, 2, 2}), 0.05);
  EXPECT_DOUBLE_EQ(DipStatistic(std::vector<double>{1, 1, 1, 1, 1, 1, 1, 1, 1, 2}), 0.05);
}

TEST(DipTest, WellSeparatedEqualClustersApproachAQuarter) {
  std::vector<double> values = RandomSample(100, 7);
  const std::vector<double> second = RandomSample(100, 8);
  for (const double v : second) {
    values.push_back(v + 1000);
  }
  const double dip = DipStatistic(values);
  EXPECT_GT(dip, 0.24);
  EXPECT_LE(dip, 0.25);
}

TEST(DipTest, AUniformSampleHasASmallDip) {
  const double dip = DipStatistic(RandomSample(2000, 11));
  EXPECT_GE(dip, 1.0 / 4000);
  EXPECT_LT(dip, 0.02);  // sqrt(n) dip: null median about 0.37, 99.9th percentile about 0.76
}

TEST(DipTest, InvariantUnderIncreasingAffineMapsAndReflection) {
  for (const uint64_t seed : {1U, 2U, 3U, 4U, 5U}) {
    const std::vector<double> values = RandomSample(60, seed);
    const double dip = DipStatistic(values);
    std::vector<double> mapped;
    std::vector<double> reflected;
    for (const double v : values) {
      mapped.push_back((4 * v) - 3);
    }
    for (auto it = values.rbegin(); it != values.rend(); ++it) {
      reflected.push_back(-*it);
    }
    EXPECT_NEAR(DipStatistic(mapped), dip, 1e-12) << seed;
    // The convex and concave halves of the algorithm swap roles under x -> -x.
    EXPECT_NEAR(DipStatistic(reflected), dip, 1e-12) << seed;
  }
}

TEST(DipTest, StaysWithinItsBoundsWithTies) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const size_t n = 2 + (seed % 30);
    const std::vector<double> values = RandomSample(n, seed, 0.125);
    const double dip = DipStatistic(values);
    ASSERT_TRUE(std::isfinite(dip)) << seed;
    EXPECT_GE(dip, (1.0 / (2.0 * static_cast<double>(n))) - 1e-12) << seed;
    EXPECT_LE(dip, 0.25 + 1e-12) << seed;
    std::vector<double> reflected;
    for (auto it = values.rbegin(); it != values.rend(); ++it) {
      reflected.push_back(-*it);
    }
    EXPECT_NEAR(DipStatistic(reflected), dip, 1e-12) << seed;
  }
}

TEST(DipTest, PValueIsOneUpToThreeValuesAndIgnoresNonFinite) {
  const DipTestResult three = DipTest(std::vector<double>{0, 1, 100});
  EXPECT_EQ(three.observations, 3);
  EXPECT_EQ(three.p_value, 1);
  const DipTestResult with_nan =
      DipTest(std::vector<double>{std::nan(""), 1, 2, INFINITY, 3, 4, 5});
  EXPECT_EQ(with_nan.observations, 5);
  EXPECT_DOUBLE_EQ(with_nan.dip, 0.1);
}

TEST(DipTest, PValueSeparatesBimodalFromUniform) {
  std::vector<double> bimodal = RandomSample(100, 21);
  for (double& v : bimodal) {
    v = v < 0.5 ? v : v + 3;  // two clusters with an empty gap of width 3
  }
  const DipTestResult separated = DipTest(bimodal);
  EXPECT_EQ(separated.p_value, 0);
  const DipTestResult uniform = DipTest(RandomSample(100, 22));
  EXPECT_GT(uniform.p_value, 0.05);
  EXPECT_NEAR(uniform.p_value_standard_error,
              std::sqrt(uniform.p_value * (1 - uniform.p_value) / kDipNullReplicates), 1e-15);
  // Order does not matter, and the cached null gives the same answer again.
  std::vector<double> shuffled = RandomSample(100, 22);
  std::reverse(shuffled.begin(), shuffled.end());
  EXPECT_EQ(DipTest(shuffled).p_value, uniform.p_value);
}

TEST(DipTest, SimulatedNullIsUniformInItsOwnPValues) {
  // Under the null the p-value is (about) uniform: about 5 % of uniform samples fall below 0.05.
  const std::vector<double> dips = SimulateUniformDips(50, 400, 99);
  ASSERT_EQ(dips.size(), 400U);
  EXPECT_EQ(SimulateUniformDips(50, 400, 99), dips);
  int64_t rejected = 0;
  for (uint64_t seed = 1000; seed < 1400; ++seed) {
    rejected += DipTest(RandomSample(50, seed)).p_value < 0.05 ? 1 : 0;
  }
  EXPECT_GE(rejected, 8);  // 20 expected; binomial(400, 0.05) is within 8..34 with > 99.9 %
  EXPECT_LE(rejected, 34);
}

}  // namespace
}  // namespace esep::fingerprints
