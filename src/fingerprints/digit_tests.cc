#include "fingerprints/digit_tests.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>

namespace esep::fingerprints {

namespace {

// The ratio of the 90th to the 10th percentile of the counts >= min_count (nearest rank); 0
// without counts.
double PercentileRatio(const std::vector<int64_t>& counts, int64_t min_count) {
  std::vector<int64_t> entered;
  for (const int64_t count : counts) {
    if (count >= min_count) {
      entered.push_back(count);
    }
  }
  if (entered.empty()) {
    return 0;
  }
  std::sort(entered.begin(), entered.end());
  const auto at = [&](double quantile) {
    const auto rank = static_cast<size_t>(quantile * static_cast<double>(entered.size() - 1));
    return static_cast<double>(entered[rank]);
  };
  return at(0.9) / at(0.1);
}

}  // namespace

std::array<double, 10> SecondDigitBenford() {
  std::array<double, 10> q{};
  for (int d2 = 0; d2 <= 9; ++d2) {
    double sum = 0.0;
    for (int d1 = 1; d1 <= 9; ++d1) {
      sum += std::log10(1.0 + (1.0 / static_cast<double>((10 * d1) + d2)));
    }
    q[static_cast<size_t>(d2)] = sum;
  }
  return q;
}

int SecondDigit(int64_t count) {
  while (count >= 100) {
    count /= 10;
  }
  return static_cast<int>(count % 10);
}

DigitTest RunDigitTest(DigitKind kind, std::string subject, const std::vector<int64_t>& counts,
                       const DigitTestsOptions& options) {
  DigitTest test;
  test.kind = kind;
  test.subject = std::move(subject);
  if (kind == DigitKind::kLastDigit) {
    const LastDigitNullModel model = ModelLastDigitNull(counts, options.min_count);
    test.probability = model.probability;
    test.null_departure = model.departure;
    test.model_spread = LastDigitNullUncertainty(model);
    if (test.model_spread > options.max_model_spread) {
      test.applies = false;
      test.not_applied_reason = fmt::format(
          "the counts' distribution changes steeply within a decade (the null moves up to {:.0f} "
          "% from uniform), and the model of that shape is uncertain by a chi-square of {:.1f} "
          "(more than {:g}): a significant result could come from the model, not the counts",
          100 * model.departure, test.model_spread, options.max_model_spread);
    }
  } else {
    test.probability = SecondDigitBenford();
    test.spread_ratio = PercentileRatio(counts, options.min_count);
    if (test.spread_ratio < options.min_second_digit_spread) {
      test.applies = false;
      test.not_applied_reason = fmt::format(
          "the counts come from a narrow range (90th percentile / 10th = {:.2g}, under {:g}); "
          "Benford's second-digit law holds only for counts spread over orders of magnitude",
          test.spread_ratio, options.min_second_digit_spread);
    }
  }
  for (const int64_t count : counts) {
    if (count < options.min_count) {
      ++test.skipped;
      continue;
    }
    ++test.counts;
    const int digit =
        kind == DigitKind::kLastDigit ? static_cast<int>(count % 10) : SecondDigit(count);
    ++test.observed[static_cast<size_t>(digit)];
  }
  for (size_t digit = 0; digit < 10; ++digit) {
    test.expected[digit] = static_cast<double>(test.counts) * test.probability[digit];
  }
  test.tested = test.counts >= options.min_counts_per_test;
  if (test.tested) {
    double chi_square = 0.0;
    for (size_t digit = 0; digit < 10; ++digit) {
      const double difference = static_cast<double>(test.observed[digit]) - test.expected[digit];
      chi_square += difference * difference / test.expected[digit];
    }
    test.chi_square = chi_square;
    const boost::math::chi_squared_distribution<double> distribution(test.degrees_of_freedom);
    test.p_value = boost::math::cdf(boost::math::complement(distribution, chi_square));
  }
  return test;
}

Result<DigitTests> RunDigitTests(const precincts::PrecinctTable& table,
                                 const DigitTestsOptions& options) {
  if (options.min_count < 10) {
    return InvalidArgumentError(fmt::format(
        "digit tests: minimum count {} must be at least 10 (a second digit must exist and the "
        "last digit must not be the first)",
        options.min_count));
  }
  if (options.min_counts_per_test < 1) {
    return InvalidArgumentError(fmt::format(
        "digit tests: minimum counts per test {} must be at least 1", options.min_counts_per_test));
  }
  if (!(options.max_model_spread > 0.0)) {
    return InvalidArgumentError(fmt::format("digit tests: maximum model spread {} must be positive",
                                            options.max_model_spread));
  }
  if (!(options.min_second_digit_spread >= 1.0)) {
    return InvalidArgumentError(
        fmt::format("digit tests: minimum second-digit spread {} must be at least 1",
                    options.min_second_digit_spread));
  }
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) {
    return InvalidArgumentError(
        fmt::format("digit tests: alpha {} must be between 0 and 1", options.alpha));
  }
  DigitTests result;
  result.options = options;
  result.source = table.source;
  result.synthetic = table.synthetic;
  const std::array<DigitKind, 2> kinds = {DigitKind::kLastDigit, DigitKind::kSecondDigit};
  std::vector<int64_t> column(table.size());
  for (const DigitKind kind : kinds) {
    std::vector<DigitTest>& tests =
        kind == DigitKind::kLastDigit ? result.last_digit : result.second_digit;
    for (size_t c = 0; c < table.choices(); ++c) {
      for (size_t i = 0; i < table.size(); ++i) {
        column[i] = table.Votes(i, c);
      }
      tests.push_back(RunDigitTest(kind, table.choice_names[c], column, options));
    }
    tests.push_back(RunDigitTest(kind, "ballots", table.ballots, options));
    tests.push_back(RunDigitTest(kind, "all choices (pooled)", table.votes, options));
  }
  for (const auto* tests : {&result.last_digit, &result.second_digit}) {
    for (const DigitTest& test : *tests) {
      result.tests_run += test.tested ? 1 : 0;
    }
  }
  result.per_test_threshold =
      result.tests_run > 0 ? options.alpha / static_cast<double>(result.tests_run) : 0.0;
  for (DigitTest& test : result.last_digit) {
    test.significant = test.tested && test.p_value < result.per_test_threshold;
    test.flagged = test.significant && test.applies;
    result.last_digit_flagged = result.last_digit_flagged || test.flagged;
  }
  for (DigitTest& test : result.second_digit) {
    test.significant = test.tested && test.p_value < result.per_test_threshold;
    test.flagged = test.significant && test.applies && options.second_digit_flags;
    result.second_digit_significant =
        result.second_digit_significant || (test.significant && test.applies);
  }
  result.flagged =
      result.last_digit_flagged || (options.second_digit_flags && result.second_digit_significant);
  return result;
}

}  // namespace esep::fingerprints
