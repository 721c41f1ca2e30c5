// The precinct-level suite of `esep audit`: every fingerprint that reads a
// precincts::PrecinctTable, run in turn, each rendered as a section (text for people, JSON for
// machines) with its p-value and flag, under a header that names the source, the precincts used and
// skipped, and SYNTHETIC when the data is. Each test is one entry of a list (DefaultPrecinctTests),
// so a new statistic joins the suite by adding its entry. Pure functions; thread-safe.
//
// Example:
//   PrecinctSuite suite = RunPrecinctSuite(table, {.alpha = 0.01}, DefaultPrecinctTests());
//   std::cout << PrecinctSuiteText(suite);

#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fingerprints/digit_tests.h"
#include "fingerprints/integer_percentages.h"
#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/risk_indicators.h"
#include "fingerprints/turnout_shape.h"
#include "precincts/precinct_table.h"

namespace esep::fingerprints {

struct PrecinctSuiteOptions {
  double alpha = 0.01;        // each section's level (each section corrects for its own tests)
  size_t max_listed = 20;     // rows a text section lists (precincts, commissions); JSON lists all
  RiskIndicatorOptions risk;  // its alpha is replaced by `alpha`
  TurnoutShapeOptions turnout_shape;              // its alpha is replaced by `alpha`
  IntegerPercentagesOptions integer_percentages;  // its alpha is replaced by `alpha`
  DigitTestsOptions digits;                       // its alpha is replaced by `alpha`
  KlimekOptions klimek;  // fit = kNo skips the model fit (the histogram and corner remain)
};

// One statistic's outcome, rendered. (The NOLINT: nlohmann::json's noexcept move constructor
// calls an invariant check that clang-tidy cannot prove does not throw; it only asserts.)
struct SuiteSection {             // NOLINT(bugprone-exception-escape)
  std::string id;                 // "additions", "mobile", "turnout_by_commission"
  std::string title;              // "Election-day additions to the voter list"
  bool available = true;          // false: the data lacks what the test needs (text says why)
  std::optional<double> p_value;  // none when not computable
  bool flagged = false;
  std::string text;     // the section for people, ending with a newline
  nlohmann::json json;  // every number of the section
  double seconds = 0;   // wall time to compute and render it (set by RunPrecinctSuite; volatile)
};

// A statistic of the suite: computes and renders its section.
struct PrecinctTest {
  std::string_view id;
  std::function<SuiteSection(const precincts::PrecinctTable&, const PrecinctSuiteOptions&)> run;
};

// The tests esep runs, in report order.
std::vector<PrecinctTest> DefaultPrecinctTests();

// What the suite's header says about the table it ran on, kept so that the suite renders without
// the table (which may hold a million precincts).
struct PrecinctSuiteHeader {
  std::string source;
  bool synthetic = false;
  size_t precincts = 0;
  std::vector<std::string> skipped;       // every skipped row with its reason
  std::vector<std::string> choice_names;  // in ballot order
  std::optional<std::string> leader;      // most votes over the precincts; none without choices
};

struct PrecinctSuite {
  PrecinctSuiteOptions options;
  PrecinctSuiteHeader header;
  std::vector<SuiteSection> sections;
};

PrecinctSuite RunPrecinctSuite(const precincts::PrecinctTable& table,
                               const PrecinctSuiteOptions& options,
                               std::span<const PrecinctTest> tests);

// The header (source, precincts used and skipped with the first reasons, SYNTHETIC), each
// section, and a closing summary of the sections' p-values and flags.
std::string PrecinctSuiteText(const PrecinctSuite& suite);

// {"source", "synthetic", "precincts", "skipped_count", "skipped": [every reason], "alpha",
//  "sections": [{"id", "title", "available", "p_value", "flagged", ...section numbers}]}.
nlohmann::json PrecinctSuiteJson(const PrecinctSuite& suite);

// The sections of the three statistics in this file's care, for DefaultPrecinctTests and for
// callers that want one alone.
SuiteSection RiskIndicatorSection(const precincts::PrecinctTable& table,
                                  const RiskIndicator& indicator, size_t max_listed);
SuiteSection TurnoutShapeSection(const precincts::PrecinctTable& table, const TurnoutShape& shape,
                                 size_t max_listed);

}  // namespace esep::fingerprints
