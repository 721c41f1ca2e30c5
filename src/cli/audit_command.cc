// `esep audit`: on an election's published tables, the checks of the published figures against
// each other (docs/forensics-published.md) and the round-number test (docs/forensics.md) with
// every step of the computation; and the precinct-level suite (cli/audit_precincts.h,
// docs/forensics-indicators.md) on precinct protocols from an election directory, a store
// (--db) or any CSV with a column mapping (--precincts, --mapping).

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/audit_observers.h"
#include "cli/audit_output.h"
#include "cli/audit_precincts.h"
#include "cli/audit_report_writer.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "io/election_data.h"
#include "precincts/precinct_sources.h"
#include "published/party_list_audit.h"
#include "published/party_list_audit_text.h"
#include "published/published_checks.h"
#include "published/published_checks_text.h"

namespace esep::cli {

namespace {

struct AuditFlags {
  std::string directory;
  double alpha = 0.01;
  std::string format = "text";
  PrecinctSource precincts;  // --db, or --precincts with --mapping
  size_t max_listed = 20;
  std::string observers;  // observers' records (docs/formats/observers-csv.md)
  std::string report;     // --report DIR: report.json + report.html (cli/audit_report_writer.h)
};

// The published tables of `data` (read from `directory`): the checks of the published figures
// against each other, then the round-number test.
Status AddPublishedTables(const io::ElectionData& data, const std::string& directory,
                          const AuditFlags& flags, AuditOutput& output) {
  if (!data.party_list.has_value()) {
    return InvalidArgumentError(
        fmt::format("{}: election.json names no party-list results table to audit, and the "
                    "directory holds no protocols.csv",
                    directory));
  }
  ASSIGN_OR_RETURN(const std::vector<published::PublishedCheck> checks,
                   published::CheckPublishedFigures(data));
  ASSIGN_OR_RETURN(const published::PartyListAudit round_numbers,
                   published::AuditPartyList(data.definition, *data.party_list,
                                             static_cast<long double>(flags.alpha)));
  output.text += published::PublishedChecksText(checks);
  output.text += published::PartyListAuditText(round_numbers, data.party_list->source, flags.alpha);
  output.json = published::PartyListAuditJson(round_numbers, data.party_list->source, flags.alpha);
  output.json["published_checks"] = published::PublishedChecksJson(checks);
  return OkStatus();
}

// The observers' file: --observers, or the observers.csv of an election directory.
std::string ObserversFile(const AuditFlags& flags, const std::string& directory) {
  if (!flags.observers.empty() || directory.empty()) {
    return flags.observers;
  }
  const std::string in_directory = directory + "/observers.csv";
  return std::filesystem::exists(in_directory) ? in_directory : "";
}

Status RunAudit(const AuditFlags& flags) {
  const int sources = (flags.directory.empty() ? 0 : 1) + (flags.precincts.db.empty() ? 0 : 1) +
                      (flags.precincts.csv.empty() ? 0 : 1);
  if (sources != 1) {
    return InvalidArgumentError(
        "esep audit takes one source: an election directory (DIR), --db FILE, or --precincts "
        "FILE.csv --mapping MAP.json (see esep audit --help)");
  }
  if (flags.precincts.csv.empty() != flags.precincts.mapping.empty()) {
    return InvalidArgumentError(
        "--precincts and --mapping go together: the mapping says which column of the CSV holds "
        "what (docs/formats/column-mapping.md; example: data/mappings/ru-cik-example.json)");
  }
  AuditOutput output;
  PrecinctSource precinct_source = flags.precincts;
  std::string directory;
  if (!flags.directory.empty()) {
    directory = ResolveElectionDirectory(flags.directory);
    ASSIGN_OR_RETURN(const io::ElectionData data, io::LoadElectionDirectory(directory));
    // An election directory with protocols (`esep generate` writes one) also gets the
    // precinct-level suite; one without a published table gets only that.
    const bool has_protocols = precincts::DirectoryHasProtocols(directory);
    if (data.party_list.has_value() || !has_protocols) {
      RETURN_IF_ERROR(AddPublishedTables(data, directory, flags, output));
    }
    if (has_protocols) {
      precinct_source.directory = directory;
    }
    output.json["synthetic"] = data.definition.synthetic;
  }
  const std::string observers = ObserversFile(flags, directory);
  const bool has_precincts = !precinct_source.directory.empty() || !precinct_source.db.empty() ||
                             !precinct_source.csv.empty();
  if (!observers.empty() && !has_precincts) {
    return InvalidArgumentError(
        "--observers compares observers' records with official precinct protocols, and this "
        "source has none: give an election directory with protocols.csv, --db or --precincts");
  }
  if (has_precincts) {
    ASSIGN_OR_RETURN(const precincts::PrecinctTable table, LoadPrecinctTable(precinct_source));
    if (!output.text.empty()) {
      output.text += "\n";
    }
    AddPrecinctSuite(table, {flags.alpha, flags.max_listed}, output);
    if (!observers.empty()) {
      RETURN_IF_ERROR(AddObservers(observers, table, output));
    }
  }
  if (!flags.report.empty()) {
    RETURN_IF_ERROR(WriteAuditReport(flags.report, output.json));
  }
  if (flags.format == "json") {
    std::cout << output.json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << output.text;
  }
  return OkStatus();
}

}  // namespace

void AddAuditCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<AuditFlags>();
  CLI::App* command = app.add_subcommand(
      "audit",
      "Election forensics: published figures checked against each other, round numbers in "
      "published shares, precinct-level fingerprints.");
  command->add_option("DIR", flags->directory,
                      "election directory holding election.json (or a bundled id such as "
                      "kz-majilis-2023); with protocols.csv, the precinct suite runs too");
  command->add_option("--db", flags->precincts.db,
                      "a store (esep import): the precinct suite on its accepted protocols");
  command->add_option("--precincts", flags->precincts.csv,
                      "any commission's per-precinct CSV, read through --mapping");
  command->add_option("--mapping", flags->precincts.mapping,
                      "the column mapping of --precincts (docs/formats/column-mapping.md)");
  command->add_flag("--strict", flags->precincts.strict,
                    "with --precincts: stop at the first bad row instead of skipping and "
                    "listing it");
  command->add_option("--observers", flags->observers,
                      "observers' records of a sample of precincts (docs/formats/observers-csv.md):"
                      " every difference from the official protocols, and the parallel vote "
                      "tabulation; an election directory's observers.csv is used by default");
  command->add_flag("--synthetic", flags->precincts.synthetic,
                    "with --precincts: the CSV is made-up data; every output says SYNTHETIC");
  command
      ->add_option("--max-listed", flags->max_listed,
                   "rows (precincts, commissions, skipped rows) a text section lists "
                   "(default 20; JSON lists all)")
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  command
      ->add_option("--alpha", flags->alpha,
                   "nominal level (default 0.01) of the round-number test as a whole and of each "
                   "precinct section")
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--format", flags->format, "text (default) | json")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_option("--report", flags->report,
                      "also write DIR/report.json (the --format json document) and "
                      "DIR/report.html (findings and figures; docs/formats/audit-report.md)");
  command->footer(
      "One source per run:\n"
      "  esep audit DIR                       published tables (and precincts, if DIR has "
      "protocols.csv)\n"
      "  esep audit --db FILE                 the precincts of a store's accepted protocols\n"
      "  esep audit --precincts F.csv --mapping M.json   any commission's per-precinct CSV\n"
      "\n"
      "Examples:\n"
      "  esep audit kz-majilis-2023\n"
      "  esep audit data/elections/kz-majilis-2023 --format json > audit.json\n"
      "  esep audit kz-majilis-2023 --report /tmp/r2023  # then open /tmp/r2023/report.html\n"
      "  esep generate --precincts 10223 --seed 1 --inject round=0.02 --observers 0.03 \\\n"
      "      --out /tmp/irregular\n"
      "  esep audit /tmp/irregular              # the precinct suite, and its observers.csv\n"
      "  esep import --db /tmp/results.db /tmp/irregular && esep audit --db /tmp/results.db\n"
      "  esep audit --precincts uik.csv --mapping data/mappings/ru-cik-example.json\n"
      "  esep audit --db /tmp/results.db --observers observers.csv\n"
      "\n"
      "Published tables: first checks every published figure against the others it should follow\n"
      "from (percentages within their printed rounding, turnout, sums, the district contests\n"
      "against the party-list contest; docs/forensics-published.md) and lists those that\n"
      "disagree. Then, for the national shares and the regions' shares pooled, at the 0.1 %\n"
      "and 0.01 % grids, shows each share's votes, base, percentage, nearest grid point,\n"
      "distance in votes and the probability of being as close by chance, then the exact\n"
      "probability of at least as many close shares. Flagged when the smallest of the four\n"
      "p-values is at most alpha / 4. Method and limits: docs/forensics.md.\n"
      "\n"
      "Precincts: integer percentages in turnout and the leader's share against an exact\n"
      "binomial expectation; last-digit and second-digit (2BL) tests; the turnout x leader-share\n"
      "histogram and the Klimek et al. fraud-model fit; election-day additions and mobile-box\n"
      "voting per precinct; each territorial commission's turnout distribution against its\n"
      "region's. A CSV row that cannot be used is skipped and listed with its file, line,\n"
      "column and rule (--strict: stop instead).\n"
      "\n"
      "Observers: every difference between the observers' copies and counts and the official\n"
      "protocols, and a parallel vote tabulation whose intervals are set against the official\n"
      "figures. Every finding is a reason to look closer, not proof of fraud. Methods and\n"
      "limits: docs/forensics.md (the index); formats: docs/formats/column-mapping.md,\n"
      "observers-csv.md, audit-report.md.");
  command->callback([flags, &run] { run = [flags] { return RunAudit(*flags); }; });
}

}  // namespace esep::cli
