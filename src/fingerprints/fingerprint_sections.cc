#include "fingerprints/fingerprint_sections.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

namespace esep::fingerprints {

namespace {

// A section for a statistic that could not run: the text and JSON say why.
SuiteSection Unavailable(std::string id, std::string title, const Status& why) {
  SuiteSection section;
  section.id = std::move(id);
  section.title = std::move(title);
  section.available = false;
  section.text = fmt::format("{}\n  Not available: {}\n\n", section.title, why.message());
  section.json = {{"id", section.id},        {"title", section.title}, {"available", false},
                  {"reason", why.message()}, {"p_value", nullptr},     {"flagged", false}};
  return section;
}

// Wraps a statistic's own text and JSON as a section.
SuiteSection Wrap(std::string id, std::string title, std::optional<double> p_value, bool flagged,
                  std::string text, nlohmann::json json) {
  SuiteSection section;
  section.id = std::move(id);
  section.title = std::move(title);
  section.p_value = p_value;
  section.flagged = flagged;
  section.text = std::move(text);
  if (section.text.empty() || section.text.back() != '\n') {
    section.text += '\n';
  }
  section.text += '\n';
  section.json = {{"id", section.id},
                  {"title", section.title},
                  {"available", true},
                  {"p_value", p_value.has_value() ? nlohmann::json(*p_value) : nlohmann::json()},
                  {"flagged", flagged},
                  {"result", std::move(json)}};
  return section;
}

}  // namespace

SuiteSection IntegerPercentagesSection(const precincts::PrecinctTable& table,
                                       IntegerPercentagesOptions options, double alpha) {
  const std::string title = "Integer percentages in turnout and the leader's share";
  options.alpha = alpha;
  Result<IntegerPercentages> result = TestIntegerPercentages(table, options);
  if (!result.has_value()) {
    return Unavailable("integer_percentages", title, result.error());
  }
  // The section's p-value: the smaller of the two measures', Bonferroni-adjusted (each measure
  // flags at alpha / 2), so that "p <= alpha" and "flagged" agree.
  const double p =
      std::min(1.0, 2 * std::min(result->turnout.p_value, result->leader_share.p_value));
  return Wrap("integer_percentages", title, p, result->flagged, IntegerPercentagesText(*result),
              IntegerPercentagesJson(*result));
}

SuiteSection DigitTestsSection(const precincts::PrecinctTable& table, DigitTestsOptions options,
                               double alpha) {
  const std::string title = "Last-digit and second-digit (2BL) tests of the counts";
  options.alpha = alpha;
  Result<DigitTests> result = RunDigitTests(table, options);
  if (!result.has_value()) {
    return Unavailable("digits", title, result.error());
  }
  // The section's p-value: the smallest of the tests that may flag, times the number of tests
  // run (Bonferroni, as the flag), at most 1; none when nothing could be tested.
  std::optional<double> p;
  const auto consider = [&](const std::vector<DigitTest>& tests) {
    for (const DigitTest& test : tests) {
      if (test.tested) {
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
  return Wrap("digits", title, p, result->flagged, DigitTestsText(*result),
              DigitTestsJson(*result));
}

SuiteSection KlimekSection(const precincts::PrecinctTable& table, const KlimekOptions& options) {
  const std::string title = "Turnout × leader's share fingerprint (Klimek et al.)";
  Result<KlimekFingerprint> result = AnalyzeKlimek(table, options);
  if (!result.has_value()) {
    return Unavailable("klimek", title, result.error());
  }
  // No p-value: the model fit gives estimates, flagged by calibrated thresholds.
  return Wrap("klimek", title, std::nullopt, result->flagged, KlimekText(*result),
              KlimekJson(*result));
}

}  // namespace esep::fingerprints
