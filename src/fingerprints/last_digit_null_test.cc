#include "fingerprints/last_digit_null.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

namespace esep::fingerprints {
namespace {

// `copies(x)` counts of each x in [first, last].
template <typename Copies>
std::vector<int64_t> Counts(int64_t first, int64_t last, Copies copies) {
  std::vector<int64_t> counts;
  for (int64_t x = first; x <= last; ++x) {
    counts.insert(counts.end(), static_cast<size_t>(copies(x)), x);
  }
  return counts;
}

// The exact share of each last digit among the counts >= min_count.
std::array<double, 10> Observed(const std::vector<int64_t>& counts, int64_t min_count) {
  std::array<double, 10> share{};
  double total = 0;
  for (const int64_t c : counts) {
    if (c >= min_count) {
      share[static_cast<size_t>(c % 10)] += 1;
      total += 1;
    }
  }
  for (double& s : share) {
    s /= total;
  }
  return share;
}

TEST(ModelLastDigitNull, FlatCountsGiveTheUniformNull) {
  const std::vector<int64_t> counts = Counts(1, 999, [](int64_t) { return 3; });
  const LastDigitNullModel model = ModelLastDigitNull(counts, 10);
  EXPECT_EQ(model.counts, 990 * 3);
  for (size_t d = 0; d < 10; ++d) {
    EXPECT_NEAR(model.probability[d], 0.1, 1e-9) << d;
  }
  EXPECT_LT(model.departure, 1e-8);
  EXPECT_LT(model.model_spread_per_count, 1e-6);
}

TEST(ModelLastDigitNull, ReproducesASteepExponentialDecline) {
  // A small list's votes: 10^6 * 0.75^x counts of each x (the count falls by a factor 18 within
  // a decade). The last digits of the counts >= 10 are far from uniform (0 is 13 times as common
  // as 9), and the model, which sees only how many counts fall in each decade, recovers them.
  const std::vector<int64_t> counts =
      Counts(1, 60, [](int64_t x) { return std::llround(1e6 * std::pow(0.75, x)); });
  const std::array<double, 10> truth = Observed(counts, 10);
  EXPECT_GT(truth[0], 10 * truth[9]);
  const LastDigitNullModel model = ModelLastDigitNull(counts, 10);
  for (size_t d = 0; d < 10; ++d) {
    EXPECT_NEAR(model.probability[d], truth[d], 2e-3) << d;
  }
  EXPECT_GT(model.departure, 1.0);
}

TEST(ModelLastDigitNull, ReproducesAPeakWithinAFewDecades) {
  // Counts around 25 (a Gaussian of sd 6, whose logarithm is exactly quadratic): the middle
  // digits of the decade 20..29 dominate. The log-quartic reduces to the log-quadratic here, so
  // the two models agree.
  const std::vector<int64_t> counts = Counts(1, 60, [](int64_t x) {
    const double z = (static_cast<double>(x) - 25.0) / 6.0;
    return std::llround(1e6 * std::exp(-z * z / 2));
  });
  const std::array<double, 10> truth = Observed(counts, 10);
  const LastDigitNullModel model = ModelLastDigitNull(counts, 10);
  for (size_t d = 0; d < 10; ++d) {
    EXPECT_NEAR(model.probability[d], truth[d], 3e-3) << d;
  }
  EXPECT_LT(model.model_spread_per_count, 1e-5);
}

TEST(ModelLastDigitNull, ReproducesAPowerLawDecline) {
  // 10^9 / x^2 counts of each x (a density whose logarithm is not a polynomial): the log-quartic
  // through five bins follows it.
  const std::vector<int64_t> counts =
      Counts(1, 400, [](int64_t x) { return std::llround(1e9 / static_cast<double>(x * x)); });
  const std::array<double, 10> truth = Observed(counts, 10);
  EXPECT_GT(truth[0], 1.5 * truth[9]);
  const LastDigitNullModel model = ModelLastDigitNull(counts, 10);
  for (size_t d = 0; d < 10; ++d) {
    EXPECT_NEAR(model.probability[d], truth[d], 1e-3) << d;
  }
}

TEST(ModelLastDigitNull, InventedDigitsInsideADecadeDoNotMoveTheNull) {
  // The same decade masses, once with every digit equally common and once with every count
  // rewritten to end in 0 or 5: the model sees only the masses, so the null is the same, and
  // the invented digits stay visible to the test.
  const std::vector<int64_t> honest = Counts(1, 299, [](int64_t x) { return 300 - x; });
  std::vector<int64_t> invented = honest;
  for (int64_t& c : invented) {
    if (c >= 10) {
      c = c - (c % 10) + ((c % 10) < 5 ? 0 : 5);
    }
  }
  const LastDigitNullModel a = ModelLastDigitNull(honest, 10);
  const LastDigitNullModel b = ModelLastDigitNull(invented, 10);
  for (size_t d = 0; d < 10; ++d) {
    EXPECT_DOUBLE_EQ(a.probability[d], b.probability[d]) << d;
  }
}

TEST(ModelLastDigitNull, AMinimumInsideADecadeTestsOnlyItsUpperDigits) {
  // min_count 15: of the decade 10..19 only 15..19 enter; counts flat from 1 to 99.
  const std::vector<int64_t> counts = Counts(1, 99, [](int64_t) { return 100; });
  const LastDigitNullModel model = ModelLastDigitNull(counts, 15);
  EXPECT_EQ(model.counts, 85 * 100);
  // Digits 0..4 occur in 8 decades (20..90), 5..9 in 9 (15..95).
  EXPECT_NEAR(model.probability[0], 8.0 / 85, 1e-6);
  EXPECT_NEAR(model.probability[9], 9.0 / 85, 1e-6);
}

TEST(ModelLastDigitNull, NoCountsGiveTheUniformNull) {
  const LastDigitNullModel model = ModelLastDigitNull({0, 0, 3}, 10);
  EXPECT_EQ(model.counts, 0);
  EXPECT_DOUBLE_EQ(model.probability[4], 0.1);
}

}  // namespace
}  // namespace esep::fingerprints
