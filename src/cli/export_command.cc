// `esep export --db FILE --format csv|json|err --out PATH`: the results of a store, for
// machines. csv and json write one level's rows, by default the precincts' — disaggregated
// results are the point; err writes the whole election as NIST SP
// 1500-100 Election Results Reporting v2 JSON. The file is written beside and renamed into
// place, so a failed export never leaves half a file under the name asked for.

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/output_file.h"
#include "cli/commands.h"
#include "service/export.h"
#include "service/keys.h"

namespace esep::cli {

namespace {

struct ExportFlags {
  std::string db;
  std::string format;
  std::string out;
  std::string level = "precinct";
  std::optional<std::string> sign_key;
  bool force = false;
};

Status RunExport(const ExportFlags& flags) {
  // Neither the export nor its provenance record may replace the store or the key.
  std::vector<InputPath> inputs = {{"--db", flags.db}};
  if (flags.sign_key.has_value()) {
    inputs.push_back({"--sign-key", *flags.sign_key});
  }
  const Overwrite overwrite = flags.force ? Overwrite::kAllow : Overwrite::kRefuse;
  RETURN_IF_ERROR(CheckOutputFile({"--out", flags.out}, inputs, overwrite));
  RETURN_IF_ERROR(CheckOutputFile(
      {"--out (its provenance record)", flags.out + std::string(service::kProvenanceSuffix)},
      inputs, overwrite));
  service::ExportRequest request{
      .store_path = flags.db, .format = flags.format, .out_path = flags.out, .level = flags.level};
  if (flags.sign_key.has_value()) {
    ASSIGN_OR_RETURN(request.signing_key, service::LoadSigningKey(*flags.sign_key));
  }
  ASSIGN_OR_RETURN(const service::ExportOutcome done, service::ExportResults(request));
  const service::ExportProvenance& provenance = done.provenance;
  std::cout << fmt::format(
      "Wrote {} ({} export of {}{}, status {}).\n"
      "Taken from results snapshot entry {} (chain head {}), definition SHA-256 {}.\n"
      "Provenance: {}{}\nCheck it with: esep verify --export {}{}\n",
      flags.out, flags.format, done.synthetic ? "SYNTHETIC " : "", done.election_id,
      results::ResultStatusName(done.status), provenance.snapshot_entry, provenance.chain_head,
      provenance.definition_sha256, done.provenance_path,
      provenance.signature.has_value() ? " (signed)" : "", flags.out,
      provenance.signature.has_value() ? " --public-key KEY.pub [--db STORE]" : " [--db STORE]");
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
  command->add_option("--sign-key", flags->sign_key,
                      "the commission's secret key (esep keys generate): sign the provenance");
  command->footer(
      "Examples:\n"
      "  esep export --db /tmp/results.db --format csv --out precincts.csv   every precinct\n"
      "  esep export --db /tmp/results.db --format json --level region --out regions.json\n"
      "  esep export --db /tmp/results.db --format err --out election.err.json\n"
      "\n"
      "CSV and JSON: docs/formats/results-export.md. ERR: docs/formats/err-export.md (NIST SP\n"
      "1500-100 v2; the protocol lines ERR lacks are documented extensions).\n"
      "\n"
      "Every export is taken from the store's latest results snapshot, and written with\n"
      "OUT.provenance.json: the definition's SHA-256, the snapshot's chain entry and hash, the\n"
      "chain head, the file's SHA-256, signed with --sign-key "
      "(docs/formats/export-provenance.md).\n"
      "`esep verify --export OUT [--public-key KEY] [--db STORE]` checks it. An existing OUT (or\n"
      "its record) is replaced only with --force, and never when it is the store or the key.");
  command->callback([flags, &run] { run = [flags] { return RunExport(*flags); }; });
}

}  // namespace esep::cli
