// The precinct-level suite of `esep audit`: every fingerprint that reads a
// precincts::PrecinctTable, run in turn, each kept as a typed section (suite_section.h) with its
// p-value and flag, under a header that names the source, the precincts used and skipped, and
// SYNTHETIC when the data is; rendered as text for people and JSON for machines. Each test is one
// entry of a list (DefaultPrecinctTests). Pure functions; thread-safe.
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

#include "fingerprints/descriptive_statistics.h"
#include "fingerprints/digit_tests.h"
#include "fingerprints/integer_percentages.h"
#include "fingerprints/klimek_fingerprint.h"
#include "fingerprints/risk_indicators.h"
#include "fingerprints/suite_section.h"
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
  DescriptiveStatisticsOptions descriptive;
  // The published method's preset applied to these options (fingerprints/method_presets.h), or
  // "" for esep's defaults; the reports name it.
  std::string method_preset;
};

// A statistic of the suite: computes its section.
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
  std::vector<std::string> notes;         // what the loader did besides (PrecinctTable::notes)
  std::vector<std::string> choice_names;  // in ballot order
  std::optional<std::string> leader;      // most votes over the precincts; none without choices
};

struct PrecinctSuite {
  PrecinctSuiteOptions options;
  PrecinctSuiteHeader header;
  DescriptiveStatistics descriptive;  // figures without a test, printed before the sections
  std::vector<SuiteSection> sections;
};

PrecinctSuite RunPrecinctSuite(const precincts::PrecinctTable& table,
                               const PrecinctSuiteOptions& options,
                               std::span<const PrecinctTest> tests);

// The header (source, precincts used and skipped with the first reasons, the loader's notes,
// SYNTHETIC), the descriptive statistics, each section (SectionText, at most options.max_listed
// rows each), and a closing summary of the sections' p-values and flags.
std::string PrecinctSuiteText(const PrecinctSuite& suite);

// {"source", "synthetic", "precincts", "skipped_count", "skipped": [every reason], "notes",
//  "alpha", "method_preset" (null for esep's defaults), "descriptive":
//  DescriptiveStatisticsJson, "sections": [SectionJson of each], "seconds": {id: wall time}}.
nlohmann::json PrecinctSuiteJson(const PrecinctSuite& suite);

}  // namespace esep::fingerprints
