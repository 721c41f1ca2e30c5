#include "fingerprints/fingerprint_sections.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace esep::fingerprints {

namespace {

// A section for a statistic that could not run: its reason, no result.
SuiteSection Unavailable(std::string id, std::string title, const Status& why) {
  return {
      .id = std::move(id), .title = std::move(title), .available = false, .reason = why.message()};
}

}  // namespace

SuiteSection RiskIndicatorSection(RiskIndicator indicator) {
  const std::string_view reason = UnavailableReason(indicator);
  SuiteSection section{
      .id = indicator.kind == RiskKind::kAdditions ? "additions" : "mobile",
      .title = std::string(RiskKindTitle(indicator.kind)),
      .available = reason.empty(),
      .reason = std::string(reason),
      .p_value = indicator.p_value,
      .flagged = indicator.flagged,
  };
  section.result = std::move(indicator);
  return section;
}

SuiteSection TurnoutShapeSection(TurnoutShape shape) {
  const std::string_view reason = UnavailableReason(shape);
  SuiteSection section{
      .id = "turnout_by_commission",
      .title = std::string(kTurnoutShapeTitle),
      .available = reason.empty(),
      .reason = std::string(reason),
      .p_value = shape.p_value,
      .flagged = shape.flagged,
  };
  section.result = std::move(shape);
  return section;
}

SuiteSection IntegerPercentagesSection(const precincts::PrecinctTable& table,
                                       IntegerPercentagesOptions options, double alpha) {
  const std::string title = "Integer percentages in turnout and the leader's share";
  options.alpha = alpha;
  Result<IntegerPercentages> result = TestIntegerPercentages(table, options);
  if (!result.has_value()) {
    return Unavailable("integer_percentages", title, result.error());
  }
  // The section's p-value: the smallest of the measures', Bonferroni-adjusted (each measure
  // flags at alpha / M, M = 2, or 3 with "either"), so that "p <= alpha" and "flagged" agree.
  double smallest = std::min(result->turnout.p_value, result->leader_share.p_value);
  if (result->either.has_value()) {
    smallest = std::min(smallest, result->either->p_value);
  }
  const double p = std::min(1.0, result->Measures() * smallest);
  return {.id = "integer_percentages",
          .title = title,
          .p_value = p,
          .flagged = result->flagged,
          .result = std::move(result).value()};
}

SuiteSection DigitTestsSection(const precincts::PrecinctTable& table, DigitTestsOptions options,
                               double alpha) {
  const std::string title = "Last-digit and second-digit (2BL) tests of the counts";
  options.alpha = alpha;
  Result<DigitTests> result = RunDigitTests(table, options);
  if (!result.has_value()) {
    return Unavailable("digits", title, result.error());
  }
  // The section's p-value: the smallest of the tests that may flag (tested, and applying to
  // their counts), times the number of tests run (Bonferroni, as the flag), at most 1; none
  // when no such test ran.
  std::optional<double> p;
  const auto consider = [&](const std::vector<DigitTest>& tests) {
    for (const DigitTest& test : tests) {
      if (test.tested && test.applies) {
        p = std::min(p.value_or(1.0), test.p_value);
      }
    }
  };
  consider(result->last_digit);
  if (result->options.second_digit_flags) {
    consider(result->second_digit);
  }
  if (p.has_value()) {
    p = std::min(1.0, *p * static_cast<double>(std::max<int64_t>(1, result->tests_run)));
  }
  return {.id = "digits",
          .title = title,
          .p_value = p,
          .flagged = result->flagged,
          .result = std::move(result).value()};
}

SuiteSection KlimekSection(const precincts::PrecinctTable& table, const KlimekOptions& options) {
  const std::string title = "Turnout × leader's share fingerprint (Klimek et al.)";
  Result<KlimekFingerprint> result = AnalyzeKlimek(table, options);
  if (!result.has_value()) {
    return Unavailable("klimek", title, result.error());
  }
  // No p-value: the model fit gives estimates, flagged by calibrated thresholds.
  return {.id = "klimek",
          .title = title,
          .p_value = std::nullopt,
          .flagged = result->flagged,
          .result = std::move(result).value()};
}

}  // namespace esep::fingerprints
