#include "service/export.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unordered_set>

#include <fmt/format.h>

#include "base/output_file.h"
#include "base/sha256.h"
#include "report/err_export.h"
#include "report/results_export.h"
#include "service/stored_election.h"

namespace esep::service {

namespace {

// The writer of a request, checked before the store is read: a bad format or level writes
// nothing.
struct Writer {
  bool err = false;
  report::ResultsFormat format = report::ResultsFormat::kCsv;
  results::ResultLevel level = results::ResultLevel::kPrecinct;
};

Result<Writer> ChooseWriter(const std::string& format, const std::string& level) {
  Writer writer;
  if (format == "err") {
    writer.err = true;
    return writer;
  }
  ASSIGN_OR_RETURN(writer.format, report::ParseResultsFormat(format));
  if (writer.format == report::ResultsFormat::kTable) {
    return InvalidArgumentError(
        "--format table is for reading: use esep report; export writes "
        "csv, json or err");
  }
  ASSIGN_OR_RETURN(writer.level, results::ParseResultLevel(level));
  return writer;
}

// The result as the snapshot `at` recorded it: its protocols and open corrections tabulated.
Result<results::ElectionResults> ResultsAt(const StoredElection& election,
                                           const storage::SnapshotAt& at) {
  std::unordered_set<std::string> open;
  for (const storage::ProtocolKey& key : at.open_corrections) {
    open.insert(key.commission_id);
  }
  return results::TabulateAccepted(election.definition, at.accepted, std::move(open));
}

// Writes the export of `results` to `path` through an AtomicFile: nothing is left at `path` on
// failure.
Status WriteFile(const std::string& path, const Writer& writer, const StoredElection& election,
                 const results::ElectionResults& results, const report::Provenance& provenance,
                 const std::string& generated_date) {
  ASSIGN_OR_RETURN(AtomicFile out, AtomicFile::Create(path));
  const results::ResultsSource source{*election.definition, *results.tabulator,
                                      results.precinct_protocols, results.open_corrections};
  if (writer.err) {
    report::ErrOptions options;
    options.provenance = provenance;
    options.generated_date = generated_date;
    options.test_data = election.definition->synthetic() ? report::ErrTestData::kSynthetic
                                                         : report::ErrTestData::kReal;
    RETURN_IF_ERROR(report::WriteErrJson(out.stream(), source, options));
  } else {
    RETURN_IF_ERROR(report::WriteResults(out.stream(), writer.format, source,
                                         {writer.level, std::nullopt}, provenance));
  }
  return out.Commit();
}

Status WriteText(const std::string& path, const std::string& text) {
  ASSIGN_OR_RETURN(AtomicFile out, AtomicFile::Create(path));
  out.stream() << text;
  return out.Commit();
}

}  // namespace

Result<ExportOutcome> ExportResults(const ExportRequest& request) {
  ASSIGN_OR_RETURN(const Writer writer, ChooseWriter(request.format, request.level));
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(request.store_path));
  ASSIGN_OR_RETURN(const StoredElection election, LoadStoredElection(*store, request.store_path));
  ASSIGN_OR_RETURN(const std::optional<storage::SnapshotAt> at, store->LatestSnapshot());
  if (!at.has_value()) {
    return FailedPreconditionError(
        fmt::format("{}: the store has no results snapshot to export (esep import records one)",
                    request.store_path));
  }
  ASSIGN_OR_RETURN(const results::ElectionResults results, ResultsAt(election, *at));
  const model::ElectionDefinition& definition = *election.definition;
  ExportOutcome outcome{.election_id = definition.id(),
                        .synthetic = definition.synthetic(),
                        .status = results.status()};
  ExportProvenance& provenance = outcome.provenance;
  provenance.file = std::filesystem::path(request.out_path).filename().string();
  provenance.format = request.format;
  provenance.level = writer.err ? "election" : request.level;
  provenance.election_id = definition.id();
  provenance.definition_sha256 = election.sha256;
  provenance.snapshot_entry = at->entry;
  provenance.snapshot_sha256 = Sha256Hex(at->content);
  provenance.chain_head = at->previous_hash;
  provenance.generated_date =
      writer.err ? report::ErrDateTime(std::chrono::system_clock::now()) : std::string();
  RETURN_IF_ERROR(WriteFile(request.out_path, writer, election, results,
                            {definition.id(), election.sha256, at->previous_hash, at->entry},
                            provenance.generated_date));
  ASSIGN_OR_RETURN(provenance.file_sha256, Sha256HexOfFile(request.out_path));
  if (request.signing_key.has_value()) {
    provenance.Sign(*request.signing_key);
  }
  outcome.provenance_path = request.out_path + std::string(kProvenanceSuffix);
  RETURN_IF_ERROR(WriteText(outcome.provenance_path, provenance.ToJson()));
  return outcome;
}

Result<std::string> ReexportSha256(storage::Store& store, const std::string& store_path,
                                   const ExportProvenance& provenance,
                                   const std::string& scratch_path) {
  ASSIGN_OR_RETURN(
      const Writer writer,
      ChooseWriter(provenance.format, provenance.format == "err" ? "precinct" : provenance.level));
  ASSIGN_OR_RETURN(const StoredElection election, LoadStoredElection(store, store_path));
  std::optional<storage::SnapshotAt> found;
  RETURN_IF_ERROR(store.ForEachSnapshot([&](const storage::SnapshotAt& at) {
    if (at.entry == provenance.snapshot_entry) {
      found = at;
    }
    return OkStatus();
  }));
  if (!found.has_value()) {
    return NotFoundError(fmt::format("{}: the store holds no results snapshot at entry {}",
                                     store_path, provenance.snapshot_entry));
  }
  ASSIGN_OR_RETURN(const results::ElectionResults results, ResultsAt(election, *found));
  RETURN_IF_ERROR(
      WriteFile(scratch_path, writer, election, results,
                {election.definition->id(), election.sha256, found->previous_hash, found->entry},
                provenance.generated_date));
  Result<std::string> sha256 = Sha256HexOfFile(scratch_path);
  std::filesystem::remove(scratch_path);
  return sha256;
}

}  // namespace esep::service
