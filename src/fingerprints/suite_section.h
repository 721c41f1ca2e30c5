// One section of the precinct suite (precinct_suite.h): a statistic's typed result with its
// verdict. Text and JSON are renderings of it (SectionText, SectionJson), and the HTML report
// reads the same result, so the three always hold the same numbers. A plain value; thread-safe
// once built.
//
// A new statistic joins the suite with its result type in SectionResult, its section producer
// (fingerprint_sections.h) and its entry in DefaultPrecinctTests; every renderer visits the
// variant, so one that forgets the new type does not compile.
//
// Example:
//   SuiteSection section = KlimekSection(table, {});
//   std::cout << SectionText(section, /*max_listed=*/20);

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "fingerprints/digit_tests.h"
#include "fingerprints/integer_percentages.h"
#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/risk_indicators.h"
#include "fingerprints/turnout_shape.h"

namespace esep::fingerprints {

// The statistic's result; std::monostate when the statistic could not run on the table (the
// section's `reason` says why). A risk indicator or a turnout shape that has nothing to show is
// kept all the same: its counts say what was missing.
using SectionResult = std::variant<std::monostate, RiskIndicator, TurnoutShape, IntegerPercentages,
                                   DigitTests, KlimekFingerprint>;

struct SuiteSection {
  std::string id;                 // "additions", "mobile", "turnout_by_commission"
  std::string title;              // "Election-day additions to the voter list"
  bool available = true;          // false: the data lacks what the test needs
  std::string reason;             // why the section is not available ("" when it is)
  std::optional<double> p_value;  // none when not computable
  bool flagged = false;
  SectionResult result;
  double seconds = 0;  // wall time to compute it (set by RunPrecinctSuite; volatile)
};

// The section for people: the statistic's own report (at most `max_listed` rows of precincts or
// commissions), or the title and why it is not available; ends with a blank line.
std::string SectionText(const SuiteSection& section, size_t max_listed);

// Every number of the section: {"id", "title", "available", "p_value", "flagged", ...}. A risk
// indicator's or a turnout shape's numbers sit beside these keys; the other statistics' JSON is
// under "result"; a statistic that could not run gives its "reason".
nlohmann::json SectionJson(const SuiteSection& section);

}  // namespace esep::fingerprints
