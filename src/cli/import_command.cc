// `esep import --db FILE PATH...`: load an election's definition and protocols into a store.
// Creates the store if needed. A PATH that is an election directory brings its definition
// (election.json and commissions.csv, stored byte for byte with their SHA-256) and its
// protocols file; a PATH that is a file brings protocols (CSV, or JSON Lines for .jsonl).
// Prints every rejection's reason, the counts, and the national result recomputed from the
// store, which it records as the store's results snapshot for `esep verify`.

#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "cli/importer.h"
#include "cli/result_text.h"
#include "cli/stored_election.h"
#include "protocol/control_ratio.h"
#include "results/results_snapshot.h"
#include "results/seat_decision.h"
#include "storage/sqlite_store.h"

namespace esep::cli {

namespace {

namespace fs = std::filesystem;

struct ImportFlags {
  std::string db;
  std::vector<std::string> paths;
  int64_t batch = Importer::kDefaultBatch;
  int64_t max_reasons = 0;
  uint64_t seed = 0;
  bool no_progress = false;
  bool print_commits = false;
};

// The protocol files a directory brings: protocols.csv and protocols.jsonl, where present.
std::vector<std::string> DirectoryProtocolFiles(const std::string& directory) {
  std::vector<std::string> files;
  for (const char* name : {"protocols.csv", "protocols.jsonl"}) {
    std::error_code error;
    if (fs::is_regular_file(fs::path(directory) / name, error)) {
      files.push_back(directory + "/" + name);
    }
  }
  return files;
}

Status RunImport(const ImportFlags& flags) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, storage::OpenSqliteStore(flags.db));
  std::vector<std::string> files;
  for (const std::string& path : flags.paths) {
    std::error_code error;
    const std::string directory = ResolveElectionDirectory(path);
    if (fs::is_directory(directory, error)) {
      if (!fs::is_regular_file(fs::path(directory) / "election.json", error)) {
        return InvalidArgumentError(
            fmt::format("{}: a directory given to import must be an election directory holding "
                        "election.json (docs/formats/election-json.md)",
                        path));
      }
      ASSIGN_OR_RETURN(StoredElection election, ReadDirectoryDefinition(directory));
      if (Status set = store->SetDefinition(election.sha256, election.files); !set.ok()) {
        return Status(set.code(), fmt::format("{}: cannot import {} (definition SHA-256 {}): {}",
                                              flags.db, directory, election.sha256, set.message()));
      }
      for (std::string& file : DirectoryProtocolFiles(directory)) {
        files.push_back(std::move(file));
      }
    } else if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      return NotFoundError(fmt::format("{}: no such file or election directory", path));
    }
  }
  ASSIGN_OR_RETURN(const StoredElection election, LoadStoredElection(*store, flags.db));
  const model::ElectionDefinition& definition = *election.definition;
  ASSIGN_OR_RETURN(const law::RuleSet rule_set, law::FindRuleSet(definition.rule_set));
  ASSIGN_OR_RETURN(std::span<const protocol::ControlRatio> ratios,
                   protocol::ControlRatios(rule_set.name));
  std::cout << fmt::format("Importing into {}: {}\nDefinition SHA-256: {}\n", flags.db,
                           definition.title, election.sha256);

  int64_t shown = 0;
  int64_t hidden = 0;
  auto on_rejection = [&](const std::string& reason) {
    if (flags.max_reasons > 0 && shown >= flags.max_reasons) {
      ++hidden;
      return;
    }
    ++shown;
    std::cout << "rejected: " << reason << "\n";
  };
  ASSIGN_OR_RETURN(Importer importer, Importer::Create(*store, definition, ratios, on_rejection,
                                                       flags.batch, !flags.no_progress));
  if (flags.print_commits) {
    importer.set_on_commit([](int64_t committed) {
      std::cout << "committed: " << committed << " submissions" << std::endl;  // flushed
    });
  }
  for (const std::string& file : files) {
    RETURN_IF_ERROR(importer.ImportFile(file));
  }
  RETURN_IF_ERROR(importer.Flush());
  if (hidden > 0) {
    std::cout << fmt::format(
        "... and {} more rejections (every one is kept in the store; "
        "--max-reasons 0 prints them all)\n",
        GroupThousands(hidden));
  }
  const ImportCounts& counts = importer.counts();
  std::cout << fmt::format(
      "{} rows read from {} file(s): {} accepted ({} of them corrections), {} unchanged, {} "
      "rejected; {} warnings.\n\n",
      GroupThousands(counts.rows), files.size(), GroupThousands(counts.accepted),
      GroupThousands(counts.corrections), GroupThousands(counts.unchanged),
      GroupThousands(counts.rejected), GroupThousands(counts.warnings));

  ASSIGN_OR_RETURN(const results::ElectionResults results, TabulateStore(*store, election));
  ASSIGN_OR_RETURN(
      const results::SeatDecision seats,
      results::DecideSeats(definition, results.rule_set, *results.tabulator, flags.seed));
  ASSIGN_OR_RETURN(const std::string head, store->ChainHead());
  RETURN_IF_ERROR(store->RecordResults(
      results::MakeResultsSnapshot(results, seats, {election.sha256, head, flags.seed}).dump()));
  std::cout << NationalResultText(results, seats, {election.sha256, head});
  if (counts.rejected > 0) {
    return InvalidArgumentError(
        fmt::format("{} of {} rows were rejected (reasons above); the accepted ones are stored",
                    GroupThousands(counts.rejected), GroupThousands(counts.rows)));
  }
  return OkStatus();
}

}  // namespace

void AddImportCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* command = app.add_subcommand(
      "import", "Load an election's definition and protocols into a store (created if needed).");
  command->add_option("--db", flags->db, "the store: a SQLite file, created if missing")
      ->required();
  command
      ->add_option("PATH", flags->paths,
                   "an election directory (definition + protocols.csv), or protocol files: CSV "
                   "(docs/formats/protocols-csv.md) or JSON Lines (.jsonl)")
      ->required();
  command
      ->add_option("--batch", flags->batch,
                   "protocols per transaction; each is acknowledged when committed")
      ->default_val(Importer::kDefaultBatch);
  command->add_option("--max-reasons", flags->max_reasons,
                      "print at most this many rejection reasons (default 0: every one)");
  command->add_option("--seed", flags->seed, "seed of any drawing of lots")->default_val(0);
  command->add_flag("--no-progress", flags->no_progress, "no progress bar, even on a terminal");
  command->add_flag("--print-commits", flags->print_commits,
                    "print 'committed: N submissions' after each durable commit (the "
                    "acknowledgement; for scripts that resume an interrupted import)");
  command->footer(
      "Examples:\n"
      "  esep generate --precincts 10223 --seed 1 --out /tmp/synthetic\n"
      "  esep import --db /tmp/results.db /tmp/synthetic\n"
      "  esep import --db /tmp/results.db corrections.csv late-precincts.jsonl\n"
      "\n"
      "The first import must bring the election directory: the store keeps its definition\n"
      "byte for byte, and refuses a different one later. Every protocol is checked against the\n"
      "control ratios (esep ratios) and kept, accepted or rejected; a changed protocol is\n"
      "accepted only with a commission decision (decision_* columns). Exit status 2 when any\n"
      "row was rejected: the accepted rows are stored all the same.");
  command->callback([flags, &run] { run = [flags] { return RunImport(*flags); }; });
}

}  // namespace esep::cli
