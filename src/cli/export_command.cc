// `esep export --db FILE --format csv|json|err --out PATH`: the results of a store, for
// machines. csv and json write one level's rows, by default the precincts' — disaggregated
// results are the point; err writes the whole election as NIST SP
// 1500-100 Election Results Reporting v2 JSON. The file is written beside and renamed into
// place, so a failed export never leaves half a file under the name asked for.

#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "base/output_file.h"
#include "cli/commands.h"
#include "service/export.h"

namespace esep::cli {

namespace {

struct ExportFlags {
  std::string db;
  std::string format;
  std::string out;
  std::string level = "precinct";
  bool force = false;
};

Status RunExport(const ExportFlags& flags) {
  const InputPath store{"--db", flags.db};
  RETURN_IF_ERROR(CheckOutputFile({"--out", flags.out}, {&store, 1},
                                  flags.force ? Overwrite::kAllow : Overwrite::kRefuse));
  ASSIGN_OR_RETURN(const service::ExportOutcome done,
                   service::ExportResults({.store_path = flags.db,
                                           .format = flags.format,
                                           .out_path = flags.out,
                                           .level = flags.level}));
  std::cout << fmt::format("Wrote {} ({} export of {}{}, status {}, definition SHA-256 {}).\n",
                           flags.out, flags.format, done.synthetic ? "SYNTHETIC " : "",
                           done.election_id, results::ResultStatusName(done.status),
                           done.definition_sha256);
  return OkStatus();
}

}  // namespace

void AddExportCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* command = app.add_subcommand(
      "export", "Write a store's results as CSV, JSON, or NIST ERR v2 JSON (the whole election).");
  command->add_option("--db", flags->db, "the store (esep import creates it)")->required();
  command->add_option("--format", flags->format, "csv, json or err")->required();
  command->add_option("--out", flags->out, "the file to write (never the store itself)")
      ->required();
  command->add_flag("--force", flags->force, "replace --out if it exists");
  command
      ->add_option("--level", flags->level,
                   "csv/json: the level written (national, region, district, territorial, "
                   "precinct)")
      ->default_val("precinct");
  command->footer(
      "Examples:\n"
      "  esep export --db /tmp/results.db --format csv --out precincts.csv   every precinct\n"
      "  esep export --db /tmp/results.db --format json --level region --out regions.json\n"
      "  esep export --db /tmp/results.db --format err --out election.err.json\n"
      "\n"
      "CSV and JSON: docs/formats/results-export.md. ERR: docs/formats/err-export.md (NIST SP\n"
      "1500-100 v2; the protocol lines ERR lacks are documented extensions). The output carries\n"
      "the definition's SHA-256 and the audit chain head it was computed from. An existing --out "
      "is\n"
      "replaced only with --force, and never when it is the store.");
  command->callback([flags, &run] { run = [flags] { return RunExport(*flags); }; });
}

}  // namespace esep::cli
