// `esep import --db FILE PATH...`: load an election's definition and protocols into a store.
// Creates the store if needed. A PATH that is an election directory brings its definition
// (election.json and commissions.csv, stored byte for byte with their SHA-256) and its
// protocols file (and its turnout.csv); a PATH that is a file brings protocols (CSV, or JSON
// Lines for .jsonl); --turnout FILE brings the precincts' turnout reports of election day.
// Prints every rejection's reason, the counts, and the national result recomputed from the
// store, which it records as the store's results snapshot for `esep verify`.

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "cli/keep_until_exit.h"
#include "cli/progress_bar.h"
#include "cli/result_text.h"
#include "service/import.h"
#include "service/keys.h"

namespace esep::cli {

namespace {

struct ImportFlags {
  std::string db;
  std::vector<std::string> paths;
  std::vector<std::string> turnout;
  int64_t batch = service::Importer::kDefaultBatch;
  int64_t max_reasons = 0;
  uint64_t seed = 0;
  bool no_progress = false;
  bool print_commits = false;
  std::optional<std::string> sign_key;
};

Status RunImport(const ImportFlags& flags) {
  service::ImportRequest request{.store_path = flags.db, .batch = flags.batch, .seed = flags.seed};
  if (flags.sign_key.has_value()) {
    ASSIGN_OR_RETURN(request.signing_key, service::LoadSigningKey(*flags.sign_key));
  }
  for (const std::string& path : flags.paths) {
    request.paths.push_back(ResolveElectionDirectory(path));
  }
  request.turnout_paths = flags.turnout;
  if (request.paths.empty() && request.turnout_paths.empty()) {
    return InvalidArgumentError(
        "nothing to import: give an election directory or protocol files (PATH), or turnout "
        "reports (--turnout FILE.csv)");
  }
  int64_t shown = 0;
  int64_t hidden = 0;
  service::ImportCallbacks callbacks;
  callbacks.on_start = [&](const service::ImportStart& start) {
    std::cout << fmt::format("Importing into {}: {}\nDefinition SHA-256: {}\n", flags.db,
                             start.title, start.definition_sha256);
  };
  callbacks.on_rejection = [&](const std::string& reason) {
    if (flags.max_reasons > 0 && shown >= flags.max_reasons) {
      ++hidden;
      return;
    }
    ++shown;
    std::cout << "rejected: " << EscapeControlCharacters(reason) << "\n";
  };
  if (flags.print_commits) {
    callbacks.on_commit = [](int64_t committed) {
      std::cout << "committed: " << committed << " submissions" << std::endl;  // flushed
    };
  }
  ProgressDisplay progress(!flags.no_progress);
  ASSIGN_OR_RETURN(service::ImportOutcome outcome,
                   service::Import(request, callbacks, progress.Control()));
  if (hidden > 0) {
    std::cout << fmt::format(
        "... and {} more rejections (every one is kept in the store; "
        "--max-reasons 0 prints them all)\n",
        GroupThousands(hidden));
  }
  const service::ImportCounts& counts = outcome.counts;
  if (outcome.files > 0 || outcome.turnout.files == 0) {
    std::cout << fmt::format(
        "{} rows read from {} file(s): {} accepted ({} of them corrections), {} unchanged, {} "
        "rejected; {} warnings.\n\n",
        GroupThousands(counts.rows), outcome.files, GroupThousands(counts.accepted),
        GroupThousands(counts.corrections), GroupThousands(counts.unchanged),
        GroupThousands(counts.rejected), GroupThousands(counts.warnings));
  }
  const service::TurnoutImportCounts& turnout = outcome.turnout;
  if (turnout.files > 0) {
    std::cout << fmt::format(
        "Turnout reports: {} rows read from {} file(s): {} accepted ({} of them corrections), {} "
        "unchanged, {} rejected.\n\n",
        GroupThousands(turnout.rows), turnout.files, GroupThousands(turnout.accepted),
        GroupThousands(turnout.corrections), GroupThousands(turnout.unchanged),
        GroupThousands(turnout.rejected));
  }
  std::cout << EscapeControlCharacters(NationalResultText(
      outcome.results, outcome.seats, {outcome.election.sha256, outcome.chain_head}));
  if (!outcome.snapshot_recorded) {
    std::cout << "The result is the one already recorded: no new results snapshot.\n";
  }
  if (request.signing_key.has_value()) {
    std::cout << fmt::format("Signed with key {} (check: esep verify --public-key {}.pub).\n",
                             request.signing_key->public_key_hex(), *flags.sign_key);
  }
  std::vector<std::string> rejected_parts;
  if (counts.rejected > 0) {
    rejected_parts.push_back(fmt::format("{} of {} rows were rejected",
                                         GroupThousands(counts.rejected),
                                         GroupThousands(counts.rows)));
  }
  if (turnout.rejected > 0) {
    rejected_parts.push_back(fmt::format("{} of {} turnout reports were rejected",
                                         GroupThousands(turnout.rejected),
                                         GroupThousands(turnout.rows)));
  }
  Status rejected =
      rejected_parts.empty()
          ? OkStatus()
          : InvalidArgumentError(fmt::format("{} (reasons above); the accepted ones are stored",
                                             fmt::join(rejected_parts, "; ")));
  KeepUntilExit(std::move(outcome));
  return rejected;
}

}  // namespace

void AddImportCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* command = app.add_subcommand(
      "import", "Load an election's definition and protocols into a store (created if needed).");
  command
      ->add_option("--db", flags->db,
                   "the store: a SQLite file, created if missing (a file that is not a store is "
                   "refused, never overwritten)")
      ->required();
  command->add_option("PATH", flags->paths,
                      "an election directory (definition + protocols.csv, and turnout.csv where "
                      "present), or protocol files: CSV (docs/formats/protocols-csv.md) or JSON "
                      "Lines (.jsonl)");
  command->add_option("--turnout", flags->turnout,
                      "a CSV of the precinct commissions' turnout reports of election day "
                      "(docs/formats/turnout-csv.md); may be given more than once");
  command
      ->add_option("--batch", flags->batch,
                   "protocols per transaction; each is acknowledged when committed")
      ->default_val(service::Importer::kDefaultBatch);
  command->add_option("--max-reasons", flags->max_reasons,
                      "print at most this many rejection reasons (default 0: every one)");
  command->add_option("--seed", flags->seed, "seed of any drawing of lots")->default_val(0);
  command->add_flag("--no-progress", flags->no_progress, "no progress bar, even on a terminal");
  command->add_option("--sign-key", flags->sign_key,
                      "the commission's secret key (esep keys generate): sign every batch's "
                      "head and the results snapshot");
  command->add_flag("--print-commits", flags->print_commits,
                    "print 'committed: N submissions' after each durable commit (the "
                    "acknowledgement; for scripts that resume an interrupted import)");
  command->footer(
      "Examples:\n"
      "  esep generate --precincts 10223 --seed 1 --out /tmp/synthetic\n"
      "  esep import --db /tmp/results.db /tmp/synthetic\n"
      "  esep import --db /tmp/results.db corrections.csv late-precincts.jsonl\n"
      "  esep import --db /tmp/results.db --turnout turnout-corrections.csv\n"
      "\n"
      "The first import must bring the election directory: the store keeps its definition\n"
      "byte for byte, and refuses a different one later. Every protocol is checked against the\n"
      "control ratios (esep ratios) and kept, accepted or rejected; a changed protocol is\n"
      "accepted only with a commission decision (decision_* columns). Exit status 2 when any\n"
      "row was rejected: the accepted rows are stored all the same.\n"
      "\n"
      "An import adds to an existing store by design, so it needs no --force; it refuses a --db\n"
      "that is not a store (a CSV given by mistake is left untouched), and a first import that\n"
      "fails before any protocol is committed leaves no store file behind.");
  command->callback([flags, &run] { run = [flags] { return RunImport(*flags); }; });
}

}  // namespace esep::cli
