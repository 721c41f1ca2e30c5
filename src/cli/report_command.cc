// `esep report --db FILE --level LEVEL [--unit ID] [--format table|json|csv]`: results at any
// level of the commission tree, recomputed from the store's accepted protocols, with "N of M
// protocols" and preliminary/final status per unit. The national table report also gives the
// seat allocation with its worked steps, the district winners and every finding above the
// precincts (summary protocols that differ from their precincts, precincts whose two ballots
// disagree).

#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/result_text.h"
#include "report/results_export.h"
#include "results/result_rows.h"
#include "service/stored_election.h"

namespace esep::cli {

namespace {

struct ReportFlags {
  std::string db;
  std::string level = "national";
  std::optional<std::string> unit;
  std::string format = "table";
  uint64_t seed = 0;
  int64_t max_findings = 20;
};

Status RunReport(const ReportFlags& flags) {
  ASSIGN_OR_RETURN(const results::ResultLevel level, results::ParseResultLevel(flags.level));
  ASSIGN_OR_RETURN(const report::ResultsFormat format, report::ParseResultsFormat(flags.format));
  ASSIGN_OR_RETURN(const service::StoredResults stored, service::LoadStoredResults(flags.db));
  const service::StoredElection& election = stored.election;
  const results::ElectionResults& result = stored.results;
  const std::string& head = stored.chain_head;
  if (format == report::ResultsFormat::kTable && level == results::ResultLevel::kNational &&
      !flags.unit.has_value()) {
    ASSIGN_OR_RETURN(const results::SeatDecision seats, stored.DecideSeats(flags.seed));
    std::cout << EscapeControlCharacters(
        NationalResultText(result, seats, {election.sha256, head, flags.max_findings}));
    return OkStatus();
  }
  if (format == report::ResultsFormat::kTable) {
    std::cout << fmt::format("{} — {} level\nDefinition SHA-256: {}\nAudit chain head:   {}\n\n",
                             election.definition->LabelledTitle(), flags.level, election.sha256,
                             head);
  }
  return report::WriteResults(std::cout, format, stored.Source(), {level, flags.unit},
                              stored.Provenance());
}

}  // namespace

void AddReportCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* command = app.add_subcommand(
      "report", "Results at any level, recomputed from a store's accepted protocols.");
  command->add_option("--db", flags->db, "the store (esep import creates it)")->required();
  command
      ->add_option("--level", flags->level, "national, region, district, territorial or precinct")
      ->default_val("national");
  command->add_option(
      "--unit", flags->unit,
      "one unit: a region id or name, a district number, a commission id; at the precinct "
      "level, any unit above precincts gives its precincts");
  command->add_option("--format", flags->format, "table, json or csv")->default_val("table");
  command->add_option("--seed", flags->seed, "seed of any drawing of lots")->default_val(0);
  command->add_option("--max-findings", flags->max_findings,
                      "findings listed per kind in the national table (0: all)");
  command->footer(
      "Examples:\n"
      "  esep report --db /tmp/results.db                       national result, seats, findings\n"
      "  esep report --db /tmp/results.db --level region --format csv\n"
      "  esep report --db /tmp/results.db --level precinct --unit abai --format json\n"
      "\n"
      "Every figure is summed from the accepted precinct protocols each time; a unit is 'final'\n"
      "when all its protocols are in and none has a correction open, 'preliminary' otherwise.\n"
      "Formats: docs/formats/results-export.md.");
  command->callback([flags, &run] { run = [flags] { return RunReport(*flags); }; });
}

}  // namespace esep::cli
