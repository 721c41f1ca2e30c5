// `esep audit`: parses the flags, runs the whole audit as one library call (audit/run_audit.h)
// and prints its document as text or JSON, and with --report writes report.json and
// report.html. Methods: docs/forensics.md and the documents it links.

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "audit/audit_json.h"
#include "audit/audit_text.h"
#include "base/text.h"
#include "cli/audit_report_writer.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "fingerprints/eftoolkit_table.h"
#include "precincts/column_mapping.h"
#include "precincts/precinct_sources.h"
#include "service/audit.h"

namespace esep::cli {

namespace {

struct AuditFlags {
  std::string directory;  // an election directory or a bundled id
  bool strict = false;    // --strict: a bad CSV row stops the audit
  std::string format = "text";
  std::string report;  // --report DIR: report.json + report.html (cli/audit_report_writer.h)
  bool force = false;  // --force: --report may be a non-empty directory
  // --method-preset eftoolkit: only EFToolkit's BasicElectionForensics table, by --by.
  std::string method_preset;
  std::string by = "national";  // national | region | group
  int64_t bootstrap = 0;        // --bootstrap R: the package's bootstrap intervals
  audit::AuditRequest request;
};

// --method-preset eftoolkit: the precinct table of the request's source, then EFToolkit's
// table by the chosen level (docs/reproducing-published-analyses.md).
Status RunEftoolkitPreset(const AuditFlags& flags, const audit::AuditRequest& request) {
  precincts::PrecinctTable table;
  if (!request.db.empty()) {
    ASSIGN_OR_RETURN(table, service::PrecinctTableFromStore(request.db));
  } else if (!request.csv.empty()) {
    ASSIGN_OR_RETURN(precincts::ColumnMapping mapping,
                     precincts::ReadColumnMapping(request.mapping));
    mapping.synthetic = mapping.synthetic || request.csv_synthetic;
    ASSIGN_OR_RETURN(
        table, precincts::PrecinctTableFromMappedCsvFile(request.csv, mapping, request.row_errors));
  } else {
    ASSIGN_OR_RETURN(table, precincts::PrecinctTableFromDirectory(request.directory));
  }
  const fingerprints::EftoolkitLevel level =
      flags.by == "region"  ? fingerprints::EftoolkitLevel::kRegion
      : flags.by == "group" ? fingerprints::EftoolkitLevel::kGroup
                            : fingerprints::EftoolkitLevel::kNational;
  ASSIGN_OR_RETURN(const fingerprints::EftoolkitTable result,
                   fingerprints::RunEftoolkitTable(table, level, {.resamples = flags.bootstrap}));
  std::cout << (flags.format == "json"
                    ? fingerprints::EftoolkitTableJson(result).dump(2) + "\n"
                    : EscapeControlCharacters(fingerprints::EftoolkitTableText(result)));
  return OkStatus();
}

Status RunAuditCommand(const AuditFlags& flags) {
  audit::AuditRequest request = flags.request;
  if (!flags.directory.empty()) {
    request.directory = ResolveElectionDirectory(flags.directory);
  }
  request.row_errors = flags.strict ? precincts::RowErrors::kStop : precincts::RowErrors::kSkip;
  if (flags.method_preset == "eftoolkit") {
    return RunEftoolkitPreset(flags, request);
  }
  if (!flags.report.empty()) {
    RETURN_IF_ERROR(CheckAuditReportDirectory(
        flags.report, request, flags.force ? Overwrite::kAllow : Overwrite::kRefuse));
  }
  ASSIGN_OR_RETURN(const audit::AuditDocument document, service::Audit(request));
  if (!flags.report.empty()) {
    RETURN_IF_ERROR(WriteAuditReport(flags.report, document));
  }
  // The text quotes the user's files (skipped rows, names): control bytes are made visible.
  std::cout << (flags.format == "json" ? audit::AuditJsonText(document)
                                       : EscapeControlCharacters(audit::AuditText(document)));
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
  command->add_option("--db", flags->request.db,
                      "a store (esep import): the precinct suite on its accepted protocols");
  command->add_option("--precincts", flags->request.csv,
                      "any commission's per-precinct CSV, read through --mapping");
  command->add_option("--mapping", flags->request.mapping,
                      "the column mapping of --precincts (docs/formats/column-mapping.md)");
  command->add_flag("--strict", flags->strict,
                    "with --precincts: stop at the first bad row instead of skipping and "
                    "listing it");
  command->add_option("--observers", flags->request.observers,
                      "observers' records of a sample of precincts (docs/formats/observers-csv.md):"
                      " every difference from the official protocols, and the parallel vote "
                      "tabulation; an election directory's observers.csv is used by default");
  command->add_flag("--synthetic", flags->request.csv_synthetic,
                    "with --precincts: the CSV is made-up data; every output says SYNTHETIC");
  command
      ->add_option("--max-listed", flags->request.max_listed,
                   "rows (precincts, commissions, skipped rows) a text section lists "
                   "(default 20; JSON lists all)")
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  command
      ->add_option("--alpha", flags->request.alpha,
                   "nominal level (default 0.01) of the round-number test as a whole and of each "
                   "precinct section")
      ->check(CLI::Range(0.0, 1.0));
  command
      ->add_option("--method-preset", flags->method_preset,
                   "a published method's definitions: eftoolkit (EFToolkit's "
                   "BasicElectionForensics table only; docs/reproducing-published-analyses.md)")
      ->check(CLI::IsMember({"eftoolkit"}));
  command
      ->add_option("--by", flags->by,
                   "with --method-preset eftoolkit: the unit of the table: national (default), "
                   "region or group")
      ->check(CLI::IsMember({"national", "region", "group"}));
  command
      ->add_option("--bootstrap", flags->bootstrap,
                   "with --method-preset eftoolkit: resamples for the package's basic bootstrap "
                   "intervals (the package uses 1000; default 0: none)")
      ->check(CLI::Range(0, 1'000'000));
  command->add_option("--format", flags->format, "text (default) | json")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_option("--report", flags->report,
                      "also write DIR/report.json (the --format json document) and "
                      "DIR/report.html (findings and figures; docs/formats/audit-report.md); "
                      "DIR must be new or empty");
  command->add_flag("--force", flags->force,
                    "with --report: write into a non-empty DIR, replacing report.json and "
                    "report.html");
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
  command->callback([flags, &run] { run = [flags] { return RunAuditCommand(*flags); }; });
}

}  // namespace esep::cli
