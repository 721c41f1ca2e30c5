// Digit tests on precinct counts (docs/forensics-integer-digits.md): last-digit uniformity
// (Beber & Scacco, "What the numbers say", Political Analysis 20(2), 2012) and the second-digit
// Benford test "2BL" (Mebane, "Election forensics: vote counts and Benford's law", 2006), each a
// Pearson chi-square test with 9 degrees of freedom, per choice, on the ballots (turnout counts)
// and pooled over the choices.
//
// Pure functions; thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(DigitTests result, RunDigitTests(table, {}));
//   fmt::print("{}", DigitTestsText(result));

#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "fingerprints/last_digit_null.h"
#include "precincts/precinct_table.h"

namespace esep::fingerprints {

struct DigitTestsOptions {
  // Only counts >= this enter a test: at 10 and above the last digit is not also the first
  // (Beber & Scacco) and a second digit exists (2BL). REQUIRES (checked): >= 10.
  int64_t min_count = 10;
  // A chi-square test is run only with at least this many counts (every expected cell >= 5:
  // 50 for the uniform last digit; the smallest 2BL probability, of 9, is 0.085, so 59).
  int64_t min_counts_per_test = 60;
  // Familywise level: with T tests run (per choice, ballots and pooled, both kinds), each is
  // significant when its p-value is below alpha / T (Bonferroni).
  double alpha = 0.01;
  // Whether a significant second-digit (2BL) test flags the result. Off by default: honest
  // counts from precincts of similar size miss Benford's second-digit law, and on such
  // synthetic elections the 2BL test was significant in 200 of 200 clean tables
  // (docs/forensics-integer-digits.md). Its numbers are reported either way.
  bool second_digit_flags = false;
  // The last-digit test is applied only when its null is uncertain by at most this chi-square
  // (LastDigitNullUncertainty: two models of the counts' shape within a decade disagree, and
  // the null departs from uniform): beyond it, a significant result could be the model's and
  // not the data's (docs/forensics-integer-digits.md, measured there). REQUIRES (checked): > 0.
  double max_model_spread = 2.0;
  // The 2BL test is applied only to counts spread over at least this ratio between their 90th
  // and 10th percentiles: Benford's second-digit law is a property of counts spread over orders
  // of magnitude, and does not hold for counts from a narrow range (Mebane's caveat).
  // REQUIRES (checked): >= 1.
  double min_second_digit_spread = 10.0;
};

enum class DigitKind { kLastDigit, kSecondDigit };

// One chi-square test of one set of counts.
struct DigitTest {
  DigitKind kind = DigitKind::kLastDigit;
  std::string subject;                 // a choice name, "ballots" or "all choices (pooled)"
  int64_t counts = 0;                  // counts that entered (>= min_count)
  int64_t skipped = 0;                 // counts below min_count
  std::array<int64_t, 10> observed{};  // per digit 0..9
  std::array<double, 10> expected{};   // counts * probability
  std::array<double, 10> probability{};
  bool tested = false;  // false: fewer than min_counts_per_test counts; no statistic
  double chi_square = 0;
  int degrees_of_freedom = 9;
  double p_value = 1;
  // p_value < alpha / tests_run: the digits depart from the null ("departs from uniform / from
  // Benford" in reports). Says nothing about whether the null holds for these counts.
  bool significant = false;
  // Whether the null holds for these counts (see not_applied_reason when false). A test that
  // does not apply is still reported, but never flags.
  bool applies = true;
  std::string not_applied_reason;
  // Last digit: ModelLastDigitNull's departure from uniform and LastDigitNullUncertainty
  // (chi-square units). 2BL: the ratio of the counts' 90th to 10th percentile.
  double null_departure = 0;
  double model_spread = 0;
  double spread_ratio = 0;
  // significant, applies, and of a kind that counts towards the flag.
  bool flagged = false;
};

struct DigitTests {
  DigitTestsOptions options;
  std::string source;
  bool synthetic = false;
  std::vector<DigitTest> last_digit;    // per choice, then ballots, then pooled choices
  std::vector<DigitTest> second_digit;  // same order
  int64_t tests_run = 0;
  double per_test_threshold = 0;          // alpha / tests_run
  bool last_digit_flagged = false;        // a last-digit test is flagged
  bool second_digit_significant = false;  // a 2BL test that applies is significant
  // last_digit_flagged, or second_digit_significant when options.second_digit_flags.
  bool flagged = false;
};

// The second-digit Benford probabilities: P(d2) = sum_{d1=1..9} log10(1 + 1 / (10 d1 + d2)).
std::array<double, 10> SecondDigitBenford();

// The second significant digit of `count`. REQUIRES: count >= 10.
int SecondDigit(int64_t count);

// The digits whose observed count is above (excess) or below (deficit) its expected count by
// more than two standard deviations (binomial), in digit order.
std::vector<int> ExcessDigits(const DigitTest& test);
std::vector<int> DeficitDigits(const DigitTest& test);

// How a significant test's digits depart, worded by the direction of the evidence: "more 0s and
// 5s than counting produces (rounder than counting produces)", "more 3s than counting
// produces", "fewer 0s than the null expects (not a sign of invented figures)".
std::string DepartureWording(const DigitTest& test);

// The test of `counts` (those >= options.min_count enter), not yet flagged.
DigitTest RunDigitTest(DigitKind kind, std::string subject, const std::vector<int64_t>& counts,
                       const DigitTestsOptions& options);

// Both tests on `table`: per choice, on the ballots, and pooled over the choices' vote counts.
// kInvalidArgument names the option and the rule when an option is out of range.
Result<DigitTests> RunDigitTests(const precincts::PrecinctTable& table,
                                 const DigitTestsOptions& options);

// A plain-language report: numbers, assumptions and what the tests can and cannot show.
std::string DigitTestsText(const DigitTests& result);
// Every number, for the JSON report and the HTML figure.
nlohmann::json DigitTestsJson(const DigitTests& result);

}  // namespace esep::fingerprints
