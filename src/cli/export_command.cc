// `esep export --db FILE --format csv|json|err --out PATH`: the results of a store, for
// machines. csv and json write one level's rows, by default the precincts' — disaggregated
// results are the point; err writes the whole election as NIST SP
// 1500-100 Election Results Reporting v2 JSON. The file is written beside and renamed into
// place, so a failed export never leaves half a file under the name asked for.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/stored_election.h"
#include "report/err_export.h"
#include "report/result_rows.h"
#include "report/results_export.h"

namespace esep::cli {

namespace {

struct ExportFlags {
  std::string db;
  std::string format;
  std::string out;
  std::string level = "precinct";
};

Status WriteExport(std::ostream& out, const ExportFlags& flags, const report::ResultsSource& source,
                   const report::Provenance& provenance, bool synthetic) {
  if (flags.format == "err") {
    report::ErrOptions options;
    options.provenance = provenance;
    options.generated_date = report::ErrDateTime(std::chrono::system_clock::now());
    options.test_data = synthetic ? report::ErrTestData::kSynthetic : report::ErrTestData::kReal;
    return report::WriteErrJson(out, source, options);
  }
  ASSIGN_OR_RETURN(const report::ResultsFormat format, report::ParseResultsFormat(flags.format));
  if (format == report::ResultsFormat::kTable) {
    return InvalidArgumentError(
        "--format table is for reading: use esep report; export writes "
        "csv, json or err");
  }
  ASSIGN_OR_RETURN(const report::ResultLevel level, report::ParseResultLevel(flags.level));
  return report::WriteResults(out, format, source, {level, std::nullopt}, provenance);
}

Status RunExport(const ExportFlags& flags) {
  ASSIGN_OR_RETURN(const StoredResults stored, LoadStoredResults(flags.db));
  const StoredElection& election = stored.election;

  const std::string partial = flags.out + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) {
      return UnavailableError(fmt::format("{}: cannot write the export here", partial));
    }
    const Status written = WriteExport(out, flags, stored.Source(), stored.Provenance(),
                                       election.definition->synthetic);
    out.close();
    if (!written.ok() || !out) {
      std::remove(partial.c_str());
      return written.ok() ? UnavailableError(fmt::format("{}: write failed", partial)) : written;
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, flags.out, error);
  if (error) {
    return UnavailableError(
        fmt::format("{}: cannot rename into place: {}", flags.out, error.message()));
  }
  std::cout << fmt::format(
      "Wrote {} ({} export of {}{}, status {}, definition SHA-256 {}).\n", flags.out, flags.format,
      election.definition->synthetic ? "SYNTHETIC " : "", election.definition->id,
      results::ResultStatusName(stored.results.status()), election.sha256);
  return OkStatus();
}

}  // namespace

void AddExportCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* command = app.add_subcommand(
      "export", "Write a store's results as CSV, JSON, or NIST ERR v2 JSON (the whole election).");
  command->add_option("--db", flags->db, "the store (esep import creates it)")->required();
  command->add_option("--format", flags->format, "csv, json or err")->required();
  command->add_option("--out", flags->out, "the file to write")->required();
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
      "the definition's SHA-256 and the audit chain head it was computed from.");
  command->callback([flags, &run] { run = [flags] { return RunExport(*flags); }; });
}

}  // namespace esep::cli
