#include "fingerprints/precinct_suite.h"

#include <chrono>

#include <fmt/format.h>

#include "base/text.h"
#include "fingerprints/fingerprint_sections.h"
#include "fingerprints/internal/section_format.h"

namespace esep::fingerprints {

std::vector<PrecinctTest> DefaultPrecinctTests() {
  auto risk = [](RiskKind kind) {
    return [kind](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
      RiskIndicatorOptions risk_options = options.risk;
      risk_options.alpha = options.alpha;
      return RiskIndicatorSection(ComputeRiskIndicator(table, kind, risk_options));
    };
  };
  return {
      {"additions", risk(RiskKind::kAdditions)},
      {"mobile", risk(RiskKind::kMobile)},
      {"turnout_by_commission",
       [](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
         TurnoutShapeOptions shape_options = options.turnout_shape;
         shape_options.alpha = options.alpha;
         return TurnoutShapeSection(ComputeTurnoutShape(table, shape_options));
       }},
      {"integer_percentages",
       [](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
         return IntegerPercentagesSection(table, options.integer_percentages, options.alpha);
       }},
      {"digits",
       [](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
         return DigitTestsSection(table, options.digits, options.alpha);
       }},
      {"klimek",
       [](const precincts::PrecinctTable& table, const PrecinctSuiteOptions& options) {
         return KlimekSection(table, options.klimek);
       }},
  };
}

PrecinctSuite RunPrecinctSuite(const precincts::PrecinctTable& table,
                               const PrecinctSuiteOptions& options,
                               std::span<const PrecinctTest> tests) {
  PrecinctSuite suite;
  suite.options = options;
  suite.header = {.source = table.source,
                  .synthetic = table.synthetic,
                  .precincts = table.size(),
                  .skipped = table.skipped,
                  .notes = table.notes,
                  .choice_names = table.choice_names};
  suite.descriptive = ComputeDescriptiveStatistics(table, options.descriptive);
  if (table.choices() > 0) {
    suite.header.leader = table.choice_names[table.Leader()];
  }
  for (const PrecinctTest& test : tests) {
    const auto start = std::chrono::steady_clock::now();
    suite.sections.push_back(test.run(table, options));
    suite.sections.back().seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return suite;
}

std::string PrecinctSuiteText(const PrecinctSuite& suite) {
  const PrecinctSuiteHeader& header = suite.header;
  std::string out = fmt::format("Precinct-level fingerprints of {}{}\n", header.source,
                                header.synthetic ? " — SYNTHETIC data, not a real election" : "");
  out += fmt::format("Precincts: {} used, {} skipped{}\n",
                     GroupThousands(static_cast<int64_t>(header.precincts)),
                     GroupThousands(static_cast<int64_t>(header.skipped.size())),
                     header.skipped.empty() ? "." : ":");
  const size_t max_listed = suite.options.max_listed;
  for (size_t k = 0; k < header.skipped.size() && k < max_listed; ++k) {
    out += fmt::format("  skipped: {}\n", header.skipped[k]);
  }
  if (header.skipped.size() > max_listed) {
    out += fmt::format("  ... and {} more skipped rows (--format json lists them all)\n",
                       header.skipped.size() - max_listed);
  }
  for (const std::string& note : header.notes) {
    out += fmt::format("  note: {}\n", note);
  }
  if (header.leader.has_value()) {
    out += fmt::format("Leader (most votes over the precincts): {}.\n", *header.leader);
  }
  if (!suite.options.method_preset.empty()) {
    out += fmt::format(
        "Method preset: {} (published definitions; docs/reproducing-published-analyses.md).\n",
        suite.options.method_preset);
  }
  out +=
      "Each section is a reason to look closer, not proof of fraud; method, assumptions and "
      "limits:\ndocs/forensics.md and the documents it links.\n\n";
  out += DescriptiveStatisticsText(suite.descriptive);
  for (const SuiteSection& section : suite.sections) {
    out += SectionText(section, max_listed);
  }
  out += fmt::format("Summary (each section at alpha {}):\n", suite.options.alpha);
  for (const SuiteSection& section : suite.sections) {
    out += fmt::format("  {:<48} {:>10}  {}\n", section.title,
                       section.available ? internal::PValue(section.p_value) : "n/a",
                       !section.available            ? "not available"
                       : section.flagged             ? "FLAGGED"
                       : section.p_value.has_value() ? "not flagged"
                                                     : "not flagged (no p-value)");
  }
  return out;
}

nlohmann::json PrecinctSuiteJson(const PrecinctSuite& suite) {
  using Json = nlohmann::json;
  const PrecinctSuiteHeader& header = suite.header;
  Json sections = Json::array();
  Json seconds = Json::object();
  for (const SuiteSection& section : suite.sections) {
    sections.push_back(SectionJson(section));
    seconds[section.id] = section.seconds;
  }
  return {{"source", header.source},
          {"synthetic", header.synthetic},
          {"precincts", header.precincts},
          {"skipped_count", header.skipped.size()},
          {"skipped", header.skipped},
          {"notes", header.notes},
          {"choices", header.choice_names},
          {"leader", header.leader.has_value() ? Json(*header.leader) : Json()},
          {"alpha", suite.options.alpha},
          {"method_preset",
           suite.options.method_preset.empty() ? Json() : Json(suite.options.method_preset)},
          {"descriptive", DescriptiveStatisticsJson(suite.descriptive)},
          {"sections", sections},
          {"seconds", seconds}};  // wall time per section: volatile, not part of any result
}

}  // namespace esep::fingerprints
