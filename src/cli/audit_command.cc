// `esep audit`: parses the flags, runs the whole audit as one library call (audit/run_audit.h)
// and prints its document as text or JSON, and with --report writes report.json and
// report.html. Methods: docs/forensics.md and the documents it links.

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit/audit_json.h"
#include "audit/audit_text.h"
#include "base/text.h"
#include "cli/audit_report_writer.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "fingerprints/eftoolkit_table.h"
#include "fingerprints/integer_percentages.h"
#include "fingerprints/klimek_published.h"
#include "fingerprints/method_presets.h"
#include "service/audit.h"

namespace esep::cli {

namespace {

struct AuditFlags {
  std::string directory;  // an election directory or a bundled id
  bool strict = false;    // --strict: a bad CSV row stops the audit
  std::string format = "text";
  std::string report;  // --report DIR: report.json + report.html (cli/audit_report_writer.h)
  bool force = false;  // --force: --report may be a non-empty directory
  // With --method-preset eftoolkit or klimek2012 (in request): only that table, by --by.
  std::string by = "national";  // national | region | group
  int64_t bootstrap = 0;        // --bootstrap R: the package's bootstrap intervals
  // With --method-preset klimek2012: the fit's choices, base, iterations and seed.
  std::vector<std::string> klimek_choices;
  std::string klimek_base = "ballots";
  int klimek_iterations = 10;
  uint64_t klimek_seed = 1;
  audit::AuditRequest request;
  // The integer-percentage definitions given one by one, as typed; empty when not given.
  int64_t integer_min_base = 0;
  CLI::Option* integer_min_base_option = nullptr;
  int64_t integer_max_percent = 0;
  CLI::Option* integer_max_percent_option = nullptr;
  std::string integer_window;  // "W/D" or a decimal, percentage points
  std::string integer_window_edges;
  std::string turnout_numerator;
  std::string share_denominator;
  std::string integer_inclusion;
  std::string integer_null_edges;
  std::string integer_share_null;
};

// "1/20" or "0.05" (percentage points, at most 6 decimals) as numerator and denominator.
Status ParseWindow(const std::string& text, int64_t& numerator, int64_t& denominator) {
  const auto bad = [&text] {
    return InvalidArgumentError(fmt::format(
        "--integer-window: '{}' is not a half-width in percentage points such as 0.05 or 1/20",
        text));
  };
  if (const size_t slash = text.find('/'); slash != std::string::npos) {
    Result<int64_t> top = ParseCount(text.substr(0, slash));
    Result<int64_t> bottom = ParseCount(text.substr(slash + 1));
    if (!top.has_value() || !bottom.has_value()) {
      return bad();
    }
    numerator = *top;
    denominator = *bottom;
    return OkStatus();
  }
  const size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string decimals = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (decimals.size() > 6 || (whole.empty() && decimals.empty())) {
    return bad();
  }
  Result<int64_t> digits = ParseCount(whole + decimals);
  if (!digits.has_value()) {
    return bad();
  }
  numerator = *digits;
  denominator = 1;
  for (size_t i = 0; i < decimals.size(); ++i) {
    denominator *= 10;
  }
  return OkStatus();
}

// The --integer-* flags, as settings that replace the default's or the preset's.
Status IntegerSettings(const AuditFlags& flags, fingerprints::IntegerPercentagesSettings& out) {
  using fingerprints::Inclusion;
  using fingerprints::LeaderBase;
  using fingerprints::NullEdges;
  using fingerprints::TurnoutNumerator;
  using fingerprints::WindowEdges;
  if (flags.integer_min_base_option->count() > 0) {
    out.min_base = flags.integer_min_base;
  }
  if (flags.integer_max_percent_option->count() > 0) {
    out.max_percent = flags.integer_max_percent;
  }
  if (!flags.integer_window.empty()) {
    int64_t numerator = 0;
    int64_t denominator = 1;
    RETURN_IF_ERROR(ParseWindow(flags.integer_window, numerator, denominator));
    out.window_numerator = numerator;
    out.window_denominator = denominator;
  }
  if (!flags.integer_window_edges.empty()) {
    for (const WindowEdges edges :
         {WindowEdges::kHalfOpen, WindowEdges::kClosed, WindowEdges::kFloat64}) {
      if (flags.integer_window_edges == fingerprints::WindowEdgesName(edges)) {
        out.window_edges = edges;
      }
    }
  }
  if (!flags.turnout_numerator.empty()) {
    out.turnout_numerator = flags.turnout_numerator == "issued" ? TurnoutNumerator::kIssued
                                                                : TurnoutNumerator::kBallots;
  }
  for (const LeaderBase base : {LeaderBase::kBallots, LeaderBase::kValid,
                                LeaderBase::kValidAndInvalid, LeaderBase::kIssued}) {
    if (flags.share_denominator == fingerprints::LeaderBaseName(base)) {
      out.leader_base = base;
    }
  }
  if (!flags.integer_inclusion.empty()) {
    out.inclusion = flags.integer_inclusion == "joint" ? Inclusion::kJoint : Inclusion::kPerMeasure;
  }
  if (!flags.integer_null_edges.empty()) {
    out.null_edges =
        flags.integer_null_edges == "counted" ? NullEdges::kCounted : NullEdges::kExcluded;
  }
  if (!flags.integer_share_null.empty()) {
    out.share_null = flags.integer_share_null == "observed-base"
                         ? fingerprints::ShareNull::kObservedBase
                         : fingerprints::ShareNull::kSimulatedTurnout;
  }
  return OkStatus();
}

// --method-preset eftoolkit: EFToolkit's table by the chosen level, in place of the whole audit
// (docs/reproducing-published-analyses.md).
Status RunEftoolkitPreset(const AuditFlags& flags, const audit::AuditRequest& request) {
  const fingerprints::EftoolkitLevel level =
      flags.by == "region"  ? fingerprints::EftoolkitLevel::kRegion
      : flags.by == "group" ? fingerprints::EftoolkitLevel::kGroup
                            : fingerprints::EftoolkitLevel::kNational;
  ASSIGN_OR_RETURN(const fingerprints::EftoolkitTable result,
                   service::EftoolkitAudit(request, level, {.resamples = flags.bootstrap}));
  std::cout << (flags.format == "json"
                    ? fingerprints::EftoolkitTableJson(result).dump(2) + "\n"
                    : EscapeControlCharacters(fingerprints::EftoolkitTableText(result)));
  return OkStatus();
}

// --method-preset klimek2012: Klimek et al.'s fit as the authors' program computes it, by the
// chosen level, in place of the whole audit (docs/reproducing-published-analyses.md).
Status RunKlimek2012Preset(const AuditFlags& flags, const audit::AuditRequest& request) {
  using fingerprints::Klimek2012Level;
  const fingerprints::Klimek2012Options options{
      .base = flags.klimek_base == "valid" ? fingerprints::Klimek2012Base::kValid
                                           : fingerprints::Klimek2012Base::kBallots,
      .level = flags.by == "region"  ? Klimek2012Level::kRegion
               : flags.by == "group" ? Klimek2012Level::kGroup
                                     : Klimek2012Level::kNational,
      .choices = flags.klimek_choices,
      .iterations = flags.klimek_iterations,
      .seed = flags.klimek_seed};
  ASSIGN_OR_RETURN(const fingerprints::Klimek2012Table result,
                   service::Klimek2012Audit(request, options));
  std::cout << (flags.format == "json"
                    ? fingerprints::Klimek2012Json(result).dump(2) + "\n"
                    : EscapeControlCharacters(fingerprints::Klimek2012Text(result)));
  return OkStatus();
}

Status RunAuditCommand(const AuditFlags& flags) {
  audit::AuditRequest request = flags.request;
  if (!flags.directory.empty()) {
    request.directory = ResolveElectionDirectory(flags.directory);
  }
  request.row_errors = flags.strict ? precincts::RowErrors::kStop : precincts::RowErrors::kSkip;
  if (flags.request.method_preset == "eftoolkit") {
    return RunEftoolkitPreset(flags, request);
  }
  if (flags.request.method_preset == "klimek2012") {
    return RunKlimek2012Preset(flags, request);
  }
  RETURN_IF_ERROR(IntegerSettings(flags, request.integer_percentages));
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
  command->add_option("--special-id", flags->request.special_id_pattern,
                      "special commissions (ships, hospitals, abroad): precincts whose id matches "
                      "this regular expression are set apart by the turnout-by-commission test, "
                      "counted and listed (docs/formats/column-mapping.md)");
  command->add_option("--special-group", flags->request.special_group_pattern,
                      "the same, for precincts whose territorial commission's name matches");
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
  std::vector<std::string> presets;
  std::string preset_help =
      "a published method's definitions for the precinct suite "
      "(docs/reproducing-published-analyses.md):";
  for (const fingerprints::MethodPreset& preset : fingerprints::MethodPresets()) {
    presets.emplace_back(preset.name);
    preset_help += fmt::format(" {}: {};", preset.name, preset.summary);
  }
  preset_help += " the --integer-* and --turnout/--share flags below apply after it";
  command->add_option("--method-preset", flags->request.method_preset, preset_help)
      ->check(CLI::IsMember(presets));
  flags->integer_min_base_option =
      command
          ->add_option("--integer-min-base", flags->integer_min_base,
                       "integer percentages: fewest in a denominator (per-measure inclusion) or "
                       "on the list (joint) for a precinct to enter (default 100)")
          ->check(CLI::Range(int64_t{2}, int64_t{1000000000}));
  command->add_option("--integer-window", flags->integer_window,
                      "integer percentages: the window's half-width in percentage points, "
                      "0.05 or 1/20 (default); 0: exactly a whole percentage");
  command
      ->add_option("--integer-window-edges", flags->integer_window_edges,
                   "integer percentages: half-open [m-w, m+w) (default), closed [m-w, m+w] "
                   "(decided exactly), or float64 (closed, decided in doubles as the published "
                   "code does, so some exact edges fall out)")
      ->check(CLI::IsMember({"half-open", "closed", "float64"}));
  command
      ->add_option("--turnout-numerator", flags->turnout_numerator,
                   "integer percentages: turnout of the ballots found in the boxes (ballots, "
                   "default) or of the ballots issued (issued), over voters on the list")
      ->check(CLI::IsMember({"ballots", "issued"}));
  command
      ->add_option("--share-denominator", flags->share_denominator,
                   "integer percentages: the leader's share of the ballots found (ballots, "
                   "default), valid, valid+invalid or issued ballots")
      ->check(CLI::IsMember({"ballots", "valid", "valid+invalid", "issued"}));
  command
      ->add_option("--integer-inclusion", flags->integer_inclusion,
                   "integer percentages: per-measure (default) or joint (one set of precincts "
                   "for turnout, share and 'either')")
      ->check(CLI::IsMember({"per-measure", "joint"}));
  flags->integer_max_percent_option =
      command
          ->add_option("--integer-max-percent", flags->integer_max_percent,
                       "integer percentages, joint inclusion: highest turnout and share a "
                       "precinct may have (default 100)")
          ->check(CLI::Range(int64_t{1}, int64_t{100}));
  command
      ->add_option("--integer-null-edges", flags->integer_null_edges,
                   "integer percentages: whether the null counts a simulated 0 % or 100 % as "
                   "whole (counted) or leaves them out (excluded, default)")
      ->check(CLI::IsMember({"excluded", "counted"}));
  command
      ->add_option("--integer-share-null", flags->integer_share_null,
                   "integer percentages, joint inclusion: the share's null drawn on the simulated "
                   "turnout count (simulated-turnout, default) or on the observed denominator, "
                   "independently (observed-base, the published code's)")
      ->check(CLI::IsMember({"simulated-turnout", "observed-base"}));
  command
      ->add_option("--by", flags->by,
                   "with --method-preset eftoolkit or klimek2012: the unit of the table: "
                   "national (default), region or group")
      ->check(CLI::IsMember({"national", "region", "group"}));
  command
      ->add_option("--bootstrap", flags->bootstrap,
                   "with --method-preset eftoolkit: resamples for the package's basic bootstrap "
                   "intervals (the package uses 1000; default 0: none)")
      ->check(CLI::Range(0, 1'000'000));
  command->add_option("--klimek-choice", flags->klimek_choices,
                      "with --method-preset klimek2012: a choice to fit, by name (repeatable; "
                      "default: the leader)");
  command
      ->add_option("--klimek-base", flags->klimek_base,
                   "with --method-preset klimek2012: what turnout and the share divide by (the "
                   "program's TotalVotes): ballots (found in the boxes, default) or valid")
      ->check(CLI::IsMember({"ballots", "valid"}));
  command
      ->add_option("--klimek-iterations", flags->klimek_iterations,
                   "with --method-preset klimek2012: iterations of the grid (the program's 10, "
                   "default)")
      ->check(CLI::Range(1, 1000));
  command->add_option("--klimek-seed", flags->klimek_seed,
                      "with --method-preset klimek2012: seed of the simulation (default 1)");
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
      "  esep audit --db FILE                 the precincts of a store's accepted protocols, and\n"
      "                                       what the store records as wrong (rejected\n"
      "                                       submissions, open corrections, summary differences)\n"
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
      "  esep audit --precincts uik.csv --mapping m.json --method-preset kobak2016\n"
      "  esep audit /tmp/irregular --method-preset eftoolkit --by region  # EFToolkit's table\n"
      "  esep audit /tmp/irregular --method-preset klimek2012  # Klimek et al.'s published fit\n"
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
