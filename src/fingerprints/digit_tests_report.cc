// The text and JSON renderings of the digit tests (digit_tests.h), and the wording of a
// departure by its direction: an excess of 0s and 5s is "rounder than counting produces"; a
// deficit of them is not a sign of invented figures and is never worded as one.

#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "fingerprints/digit_tests.h"

namespace esep::fingerprints {

namespace {

// Digits whose standardised residual (O - E) / sqrt(E (1 - p)) is beyond +2 (sign 1) or -2
// (sign -1).
std::vector<int> DigitsBeyondTwoSd(const DigitTest& test, int sign) {
  std::vector<int> digits;
  for (size_t d = 0; d < 10; ++d) {
    const double variance = test.expected[d] * (1.0 - test.probability[d]);
    if (variance <= 0) {
      continue;
    }
    const double z =
        (static_cast<double>(test.observed[d]) - test.expected[d]) / std::sqrt(variance);
    if (static_cast<double>(sign) * z > 2.0) {
      digits.push_back(static_cast<int>(d));
    }
  }
  return digits;
}

// "0s", "0s and 5s", "0s, 3s and 5s".
std::string DigitList(const std::vector<int>& digits) {
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0) {
      out += i + 1 == digits.size() ? " and " : ", ";
    }
    out += fmt::format("{}s", digits[i]);
  }
  return out;
}

bool HasZeroOrFive(const std::vector<int>& digits) {
  for (const int d : digits) {
    if (d == 0 || d == 5) {
      return true;
    }
  }
  return false;
}

std::string Status(const DigitTest& test, bool counts) {
  if (test.significant && test.applies) {
    return fmt::format("  {}: {}", counts ? "FLAGGED" : "departs (does not flag by default)",
                       DepartureWording(test));
  }
  if (test.significant) {
    return fmt::format("  departs from the null, but the test does not apply: {}",
                       test.not_applied_reason);
  }
  if (!test.applies) {
    return fmt::format("  (the test does not apply: {})", test.not_applied_reason);
  }
  return "";
}

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
      test.subject, test.counts, test.chi_square, test.p_value, Status(test, counts), digits);
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
  j["significant"] = test.significant;
  j["applies"] = test.applies;
  if (!test.applies) {
    j["not_applied_reason"] = test.not_applied_reason;
  }
  if (test.kind == DigitKind::kLastDigit) {
    j["null_departure"] = test.null_departure;
    j["model_spread"] = test.model_spread;
  } else {
    j["spread_ratio"] = test.spread_ratio;
  }
  j["excess_digits"] = ExcessDigits(test);
  j["deficit_digits"] = DeficitDigits(test);
  if (test.significant) {
    j["departure"] = DepartureWording(test);
  }
  j["flagged"] = test.flagged;
  return j;
}

std::string Verdict(const DigitTests& result) {
  if (result.flagged) {
    std::string out = "FLAGGED: a digit test that applies to its counts is significant:";
    for (const auto* tests : {&result.last_digit, &result.second_digit}) {
      for (const DigitTest& test : *tests) {
        if (test.flagged) {
          out += fmt::format(" {}: {}.", test.subject, DepartureWording(test));
        }
      }
    }
    return out + "\n";
  }
  if (result.second_digit_significant) {
    return "Not flagged: only second-digit (2BL) tests are significant, and those do not flag "
           "by default (honest counts miss the law too).\n";
  }
  for (const auto* tests : {&result.last_digit, &result.second_digit}) {
    for (const DigitTest& test : *tests) {
      if (test.significant) {
        return "Not flagged: the tests that depart from their null are tests whose null does not "
               "hold for their counts (each says why).\n";
      }
    }
  }
  return "No digit test is significant.\n";
}

}  // namespace

std::vector<int> ExcessDigits(const DigitTest& test) { return DigitsBeyondTwoSd(test, 1); }
std::vector<int> DeficitDigits(const DigitTest& test) { return DigitsBeyondTwoSd(test, -1); }

std::string DepartureWording(const DigitTest& test) {
  const bool last = test.kind == DigitKind::kLastDigit;
  const char* reference = last ? "counting produces" : "Benford's law gives";
  const char* what = last ? "" : " as second digit";
  const std::vector<int> excess = ExcessDigits(test);
  const std::vector<int> deficit = DeficitDigits(test);
  std::string out;
  if (!excess.empty()) {
    out = fmt::format("more {}{} than {}", DigitList(excess), what, reference);
    if (last && HasZeroOrFive(excess)) {
      out += " (rounder than counting produces)";
    }
  }
  if (!deficit.empty()) {
    out += fmt::format("{}fewer {}{} than {}", out.empty() ? "" : "; ", DigitList(deficit), what,
                       reference);
    if (last && HasZeroOrFive(deficit) && !HasZeroOrFive(excess)) {
      out += " (fewer round figures: not a sign of invented figures)";
    }
  }
  if (out.empty()) {
    out = "small departures spread over many digits, none beyond two standard deviations";
  }
  return out;
}

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
        "significant below p = {:.3g} (alpha {:g} / {}, Bonferroni), and flags only where its "
        "null holds for its counts.\n",
        result.options.min_count, result.options.min_counts_per_test, result.tests_run,
        result.per_test_threshold, result.options.alpha, result.tests_run);
  } else {
    out += fmt::format(
        "Counts of at least {} enter; no set had the {} counts a test needs: nothing was "
        "tested.\n",
        result.options.min_count, result.options.min_counts_per_test);
  }
  out +=
      "Last digit, against what counting produces for counts distributed like these (the "
      "null is modelled from how many counts fall in each decade):\n";
  for (const DigitTest& test : result.last_digit) {
    out += TestLine(test, true);
  }
  out += "Second digit, against Benford's second-digit law:\n";
  for (const DigitTest& test : result.second_digit) {
    out += TestLine(test, result.options.second_digit_flags);
  }
  out += Verdict(result);
  out +=
      "Reading: people who write figures instead of counting them favour some last digits, 0 "
      "and 5 above all; an excess of 0s and 5s is rounder than counting produces, an excess of "
      "other digits says only that the digits differ from counting, and a deficit of 0s and 5s "
      "is not a sign of invented figures. Where a list's counts rise or fall steeply within ten "
      "(a few to a few dozen votes per precinct) the last digits of honest counts are not "
      "uniform; the null follows the counts' own shape, and where that shape is too uncertain "
      "the test is not applied. Benford's second-digit law holds only roughly for honest counts "
      "and not at all for counts from a narrow range (Mebane; Deckert, Myagkov & Ordeshook "
      "2011). Both are evidence to look closer, not proof; a quiet result does not show the "
      "absence of fraud (stuffing the boxes leaves the digits of honest counts intact).\n";
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
                  {"second_digit_flags", result.options.second_digit_flags},
                  {"max_model_spread", result.options.max_model_spread},
                  {"min_second_digit_spread", result.options.min_second_digit_spread}};
  j["tests_run"] = result.tests_run;
  j["per_test_threshold"] = result.per_test_threshold;
  for (const auto& [key, tests] : {std::pair{"last_digit", &result.last_digit},
                                   std::pair{"second_digit", &result.second_digit}}) {
    j[key] = nlohmann::json::array();
    for (const DigitTest& test : *tests) {
      j[key].push_back(TestJson(test));
    }
  }
  j["last_digit_flagged"] = result.last_digit_flagged;
  j["second_digit_significant"] = result.second_digit_significant;
  j["flagged"] = result.flagged;
  j["assumptions"] =
      "Last digits of honest counts >= min_count follow the null modelled from the counts' "
      "decade masses (log-polynomial within each decade); the test is not applied where that null "
      "is uncertain by a chi-square above max_model_spread. Second digits approximately "
      "follow Benford's law for counts spread over orders of magnitude; 2BL is not applied to "
      "counts whose 90th/10th percentile ratio is below min_second_digit_spread. A flag is "
      "evidence to look closer, not proof of fraud.";
  return j;
}

}  // namespace esep::fingerprints
