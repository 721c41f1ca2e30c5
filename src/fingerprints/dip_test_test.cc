#include "fingerprints/dip_test.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
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

// A brute-force dip by the definition, for a few distinct sorted values: the smallest d such
// that some unimodal distribution function G stays within d of the empirical one. With the mode
// at point k, G may be taken linear between the points (a unimodal G's chords keep its values at
// the points and give a unimodal sequence of slopes), with an atom at x_k. The values at the
// points, the atom's top and d are then the variables of a linear programme, solved by
// enumerating its vertices (every choice of as many tight constraints as variables).
using Constraint = std::vector<double>;  // coefficients, then the bound: row . y <= bound

struct ModeProgramme {
  size_t variables = 0;
  std::vector<Constraint> rows;

  void Add(const std::vector<std::pair<size_t, double>>& terms, double bound) {
    Constraint row(variables + 1, 0);
    for (const auto& [index, coefficient] : terms) {
      row[index] += coefficient;
    }
    row[variables] = bound;
    rows.push_back(row);
  }
};

ModeProgramme ProgrammeForMode(const std::vector<double>& x, size_t k) {
  const size_t n = x.size();
  const size_t top = n;  // G(x_k), the atom's top; variable k is G(x_k-)
  const size_t d = n + 1;
  ModeProgramme p{.variables = n + 2};
  const double step = 1.0 / static_cast<double>(n);
  const auto at = [&](size_t i) { return i == k ? top : i; };  // G(x_i)
  for (size_t i = 0; i < n; ++i) {
    const double before = static_cast<double>(i) * step;  // F(x_i-); F(x_i) is before + step
    p.Add({{i, 1}, {d, -1}}, before);                     // G(x_i-) <= F(x_i-) + d
    p.Add({{at(i), -1}, {d, -1}}, -(before + step));      // G(x_i) >= F(x_i) - d
    if (i == k) {
      p.Add({{i, -1}, {d, -1}}, -before);         // G(x_k-) >= F(x_k-) - d
      p.Add({{top, 1}, {d, -1}}, before + step);  // G(x_k) <= F(x_k) + d
    }
  }
  p.Add({{k, 1}, {top, -1}}, 0);  // the atom is not negative
  p.Add({{0, -1}}, 0);            // G >= 0 at the first point
  p.Add({{at(n - 1), 1}}, 1);     // G <= 1 at the last
  p.Add({{d, -1}}, 0);
  // Slope j runs from variable j to j + 1: into the mode it ends at G(x_k-) (variable k), out of
  // it it starts from the atom's top.
  const auto slope = [&](size_t from, size_t to, size_t j, double sign) {
    const double h = x[j + 1] - x[j];
    return std::vector<std::pair<size_t, double>>{{to, sign / h}, {from, -sign / h}};
  };
  const auto both = [](std::vector<std::pair<size_t, double>> a,
                       const std::vector<std::pair<size_t, double>>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  if (k >= 1) {
    p.Add(slope(0, 1, 0, -1), 0);  // left of the mode: rising ...
  }
  for (size_t j = 0; j + 1 < k; ++j) {  // ... with slopes not decreasing
    p.Add(both(slope(j, j + 1, j, 1), slope(j + 1, j + 2, j + 1, -1)), 0);
  }
  if (k + 1 < n) {
    p.Add(slope(at(n - 2), n - 1, n - 2, -1), 0);  // right of it: rising ...
  }
  for (size_t j = k; j + 2 < n; ++j) {  // ... with slopes not increasing
    p.Add(both(slope(at(j), j + 1, j, -1), slope(j + 1, j + 2, j + 1, 1)), 0);
  }
  return p;
}

// The solution of the chosen rows as equalities (Gauss-Jordan), or empty when singular.
std::vector<double> SolveTight(const ModeProgramme& p, const std::vector<size_t>& chosen) {
  const size_t m = p.variables;
  std::vector<Constraint> a;
  a.reserve(chosen.size());
  for (const size_t r : chosen) {
    a.push_back(p.rows[r]);
  }
  for (size_t c = 0; c < m; ++c) {
    size_t pivot = c;
    for (size_t r = c + 1; r < m; ++r) {
      pivot = std::fabs(a[r][c]) > std::fabs(a[pivot][c]) ? r : pivot;
    }
    if (std::fabs(a[pivot][c]) < 1e-12) {
      return {};
    }
    std::swap(a[c], a[pivot]);
    for (size_t r = 0; r < m; ++r) {
      const double factor = r == c ? 0 : a[r][c] / a[c][c];
      for (size_t cc = c; cc <= m && factor != 0; ++cc) {
        a[r][cc] -= factor * a[c][cc];
      }
    }
  }
  std::vector<double> y(m);
  for (size_t c = 0; c < m; ++c) {
    y[c] = a[c][m] / a[c][c];
  }
  return y;
}

double BruteForceDip(const std::vector<double>& x) {
  double best = INFINITY;
  for (size_t k = 0; k < x.size(); ++k) {
    const ModeProgramme p = ProgrammeForMode(x, k);
    const size_t m = p.variables;
    std::vector<size_t> chosen(m);
    for (size_t i = 0; i < m; ++i) {
      chosen[i] = i;
    }
    while (true) {
      const std::vector<double> y = SolveTight(p, chosen);
      const auto holds = [&](const Constraint& row) {
        double sum = 0;
        for (size_t c = 0; c < m; ++c) {
          sum += row[c] * y[c];
        }
        return sum <= row[m] + 1e-9;
      };
      if (!y.empty() && std::all_of(p.rows.begin(), p.rows.end(), holds)) {
        best = std::min(best, y[m - 1]);
      }
      size_t i = m;  // the next choice of m rows, in lexicographic order
      while (i > 0 && chosen[i - 1] == p.rows.size() - m + i - 1) {
        --i;
      }
      if (i == 0) {
        break;
      }
      ++chosen[i - 1];
      for (size_t j = i; j < m; ++j) {
        chosen[j] = chosen[j - 1] + 1;
      }
    }
  }
  return best;
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

TEST(DipTest, AgreesWithTheDefinitionByBruteForce) {
  // The reference reproduces the published values, then checks random samples of 3 to 5
  // distinct values (one or two clusters).
  EXPECT_NEAR(BruteForceDip({0, 2, 3, 5, 6}), 2.0 / 15, 1e-12);
  EXPECT_NEAR(BruteForceDip({0, 1, 3, 6}), 1.0 / 8, 1e-12);
  std::mt19937_64 random(5);
  for (int sample = 0; sample < 36; ++sample) {
    const size_t n = sample < 6 ? 3 : (sample < 34 ? 4 : 5);
    std::vector<double> values(n);
    for (size_t i = 0; i < n; ++i) {
      const double offset = (sample % 2 == 1 && 2 * i >= n) ? 5000 : 0;
      values[i] = offset + static_cast<double>(random() % 1000);
    }
    values = Sorted(values);
    if (std::adjacent_find(values.begin(), values.end()) != values.end()) {
      continue;  // the reference assumes distinct values
    }
    EXPECT_NEAR(DipStatistic(values), BruteForceDip(values), 1e-9) << sample;
  }
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
    mapped.reserve(values.size());
    reflected.reserve(values.size());
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
