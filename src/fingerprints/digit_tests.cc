#include "fingerprints/digit_tests.h"

#include <cmath>
#include <utility>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>

namespace esep::fingerprints {

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

std::array<double, 10> LastDigitNull(const std::vector<int64_t>& counts, int64_t min_count) {
  // Each count c spreads over x = c - 9 .. c + 9 with the triangular weights (10 - |x - c|) / 100,
  // which sum to 1/10 over each residue class mod 10: a count whose spread lies wholly at or
  // above min_count adds exactly 1/10 to every digit, and only counts within 9 of the cut add
  // unevenly. That unevenness is the truncation's, and nothing else's: a density that falls
  // steeply from the cut (a small list's votes) puts more of the included counts on the low
  // digits of the first decades. The triangular kernel reproduces a locally linear density
  // exactly, and removes any period-10 pattern (such as invented digits) from the estimate.
  // Weights in hundredths, as integers, so that counts far above the cut give exactly 1/10.
  std::array<int64_t, 10> weight{};
  int64_t total = 0;
  for (const int64_t count : counts) {
    if (count < min_count - 9) {
      continue;
    }
    if (count >= min_count + 9) {
      for (int64_t& w : weight) {
        w += 10;
      }
      total += 100;
      continue;
    }
    for (int64_t offset = -9; offset <= 9; ++offset) {
      const int64_t x = count + offset;
      if (x < min_count) {
        continue;
      }
      const int64_t k = 10 - (offset < 0 ? -offset : offset);
      weight[static_cast<size_t>(x % 10)] += k;
      total += k;
    }
  }
  std::array<double, 10> probability{};
  for (size_t digit = 0; digit < 10; ++digit) {
    probability[digit] =
        total > 0 ? static_cast<double>(weight[digit]) / static_cast<double>(total) : 0.1;
  }
  return probability;
}

DigitTest RunDigitTest(DigitKind kind, std::string subject, const std::vector<int64_t>& counts,
                       const DigitTestsOptions& options) {
  DigitTest test;
  test.kind = kind;
  test.subject = std::move(subject);
  if (kind == DigitKind::kLastDigit) {
    test.probability = LastDigitNull(counts, options.min_count);
  } else {
    test.probability = SecondDigitBenford();
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
    test.flagged = test.tested && test.p_value < result.per_test_threshold;
    result.last_digit_flagged = result.last_digit_flagged || test.flagged;
  }
  for (DigitTest& test : result.second_digit) {
    test.flagged = test.tested && test.p_value < result.per_test_threshold;
    result.second_digit_flagged = result.second_digit_flagged || test.flagged;
  }
  result.flagged =
      result.last_digit_flagged || (options.second_digit_flags && result.second_digit_flagged);
  return result;
}

namespace {

// `counts`: whether a significant result of this test flags the whole.
std::string TestLine(const DigitTest& test, bool counts) {
  if (!test.tested) {
    return fmt::format("  {}: {} counts >= minimum, too few to test\n", test.subject, test.counts);
  }
  std::string digits;
  for (size_t digit = 0; digit < 10; ++digit) {
    digits += fmt::format(" {}:{}/{:.0f}", digit, test.observed[digit], test.expected[digit]);
  }
  return fmt::format(
      "  {}: {} counts, chi-square {:.2f} (9 df), p = {:.3g}{}\n   observed/expected{}\n",
      test.subject, test.counts, test.chi_square, test.p_value,
      !test.flagged ? "" : (counts ? "  FLAGGED" : "  significant (does not flag)"), digits);
}

nlohmann::json TestJson(const DigitTest& test) {
  nlohmann::json j;
  j["subject"] = test.subject;
  j["counts"] = test.counts;
  j["skipped_below_minimum"] = test.skipped;
  j["observed"] = test.observed;
  j["expected"] = test.expected;
  j["probability"] = test.probability;
  j["tested"] = test.tested;
  if (test.tested) {
    j["chi_square"] = test.chi_square;
    j["degrees_of_freedom"] = test.degrees_of_freedom;
    j["p_value"] = test.p_value;
  }
  j["flagged"] = test.flagged;
  return j;
}

}  // namespace

std::string DigitTestsText(const DigitTests& result) {
  std::string out = "Digit tests: last digit (Beber & Scacco 2012), second digit (2BL, Mebane)\n";
  if (result.synthetic) {
    out += "SYNTHETIC DATA: these precincts were generated, not reported by a commission.\n";
  }
  if (!result.source.empty()) {
    out += fmt::format("source: {}\n", result.source);
  }
  if (result.tests_run > 0) {
    out += fmt::format(
        "Counts of at least {} enter; a test needs at least {} of them. {} tests run; each is "
        "flagged below p = {:.3g} (alpha {:g} / {}, Bonferroni).\n",
        result.options.min_count, result.options.min_counts_per_test, result.tests_run,
        result.per_test_threshold, result.options.alpha, result.tests_run);
  } else {
    out += fmt::format(
        "Counts of at least {} enter; no set had the {} counts a test needs: nothing was "
        "tested.\n",
        result.options.min_count, result.options.min_counts_per_test);
  }
  out += "Last digit, against uniform (each digit 1/10):\n";
  for (const DigitTest& test : result.last_digit) {
    out += TestLine(test, true);
  }
  out += "Second digit, against Benford's second-digit law:\n";
  for (const DigitTest& test : result.second_digit) {
    out += TestLine(test, result.options.second_digit_flags);
  }
  if (result.flagged) {
    out += "FLAGGED: a digit test that counts towards the flag is significant.\n";
  } else if (result.second_digit_flagged) {
    out +=
        "Not flagged: only second-digit (2BL) tests are significant, and those do not flag by "
        "default (honest counts from precincts of similar size also miss the law).\n";
  } else {
    out += "No digit test is significant.\n";
  }
  out +=
      "Reading: people who invent numbers choose last digits unevenly, so a last digit far "
      "from uniform in counts of 10 and more suggests figures written rather than counted. "
      "Honest vote counts follow the second-digit Benford law only approximately (Deckert, "
      "Myagkov & Ordeshook 2011; Mebane): a 2BL deviation may come from how precincts and "
      "parties are sized rather than from fraud. Both are evidence to look closer, not proof; "
      "a quiet result does not show the absence of fraud (stuffing the boxes leaves the digits "
      "of honest counts intact).\n";
  return out;
}

nlohmann::json DigitTestsJson(const DigitTests& result) {
  nlohmann::json j;
  j["test"] = "digit_tests";
  j["reference"] =
      "Beber & Scacco, What the numbers say, Political Analysis 20(2), 2012; Mebane, Election "
      "forensics: vote counts and Benford's law, 2006";
  j["source"] = result.source;
  j["synthetic"] = result.synthetic;
  j["options"] = {{"min_count", result.options.min_count},
                  {"min_counts_per_test", result.options.min_counts_per_test},
                  {"alpha", result.options.alpha},
                  {"multiplicity", "Bonferroni over the tests run"},
                  {"second_digit_flags", result.options.second_digit_flags}};
  j["tests_run"] = result.tests_run;
  j["per_test_threshold"] = result.per_test_threshold;
  j["last_digit"] = nlohmann::json::array();
  for (const DigitTest& test : result.last_digit) {
    j["last_digit"].push_back(TestJson(test));
  }
  j["second_digit"] = nlohmann::json::array();
  for (const DigitTest& test : result.second_digit) {
    j["second_digit"].push_back(TestJson(test));
  }
  j["last_digit_flagged"] = result.last_digit_flagged;
  j["second_digit_flagged"] = result.second_digit_flagged;
  j["flagged"] = result.flagged;
  j["assumptions"] =
      "Last digits of honest counts >= min_count are uniform; second digits approximately "
      "follow Benford's law. A flag is evidence to look closer, not proof of fraud.";
  return j;
}

}  // namespace esep::fingerprints
