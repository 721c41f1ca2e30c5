#include "service/export.h"

#include <chrono>

#include "base/output_file.h"
#include "report/err_export.h"
#include "report/results_export.h"
#include "service/stored_election.h"

namespace esep::service {

namespace {

// The writer of `request`, checked before the store is read: a bad format or level writes
// nothing.
struct Writer {
  bool err = false;
  report::ResultsFormat format = report::ResultsFormat::kCsv;
  results::ResultLevel level = results::ResultLevel::kPrecinct;
};

Result<Writer> ChooseWriter(const ExportRequest& request) {
  Writer writer;
  if (request.format == "err") {
    writer.err = true;
    return writer;
  }
  ASSIGN_OR_RETURN(writer.format, report::ParseResultsFormat(request.format));
  if (writer.format == report::ResultsFormat::kTable) {
    return InvalidArgumentError(
        "--format table is for reading: use esep report; export writes "
        "csv, json or err");
  }
  ASSIGN_OR_RETURN(writer.level, results::ParseResultLevel(request.level));
  return writer;
}

Status Write(std::ostream& out, const Writer& writer, const StoredResults& stored) {
  if (writer.err) {
    report::ErrOptions options;
    options.provenance = stored.Provenance();
    options.generated_date = report::ErrDateTime(std::chrono::system_clock::now());
    options.test_data = stored.election.definition->synthetic() ? report::ErrTestData::kSynthetic
                                                                : report::ErrTestData::kReal;
    return report::WriteErrJson(out, stored.Source(), options);
  }
  return report::WriteResults(out, writer.format, stored.Source(), {writer.level, std::nullopt},
                              stored.Provenance());
}

}  // namespace

Result<ExportOutcome> ExportResults(const ExportRequest& request) {
  ASSIGN_OR_RETURN(const StoredResults stored, LoadStoredResults(request.store_path));
  ASSIGN_OR_RETURN(const Writer writer, ChooseWriter(request));
  {
    ASSIGN_OR_RETURN(AtomicFile out, AtomicFile::Create(request.out_path));
    RETURN_IF_ERROR(Write(out.stream(), writer, stored));
    RETURN_IF_ERROR(out.Commit());
  }
  const model::ElectionDefinition& definition = *stored.election.definition;
  return ExportOutcome{.election_id = definition.id(),
                       .synthetic = definition.synthetic(),
                       .status = stored.results.status(),
                       .definition_sha256 = stored.election.sha256,
                       .chain_head = stored.chain_head};
}

}  // namespace esep::service
