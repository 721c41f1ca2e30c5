#include "audit/run_audit.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "fingerprints/method_presets.h"
#include "io/election_data.h"
#include "observers/observer_records.h"
#include "precincts/column_mapping.h"
#include "precincts/precinct_sources.h"
#include "precincts/special_commissions.h"

namespace esep::audit {

namespace {

// The precinct suite's options: the request's alpha and listing, then the method preset, then
// the settings given one by one. kInvalidArgument for an unknown preset or settings out of range.
Result<fingerprints::PrecinctSuiteOptions> SuiteOptions(const AuditRequest& request) {
  fingerprints::PrecinctSuiteOptions options;
  options.alpha = request.alpha;
  options.max_listed = request.max_listed;
  if (!request.method_preset.empty()) {
    ASSIGN_OR_RETURN(const fingerprints::MethodPreset* preset,
                     fingerprints::FindMethodPreset(request.method_preset));
    if (preset->apply == nullptr) {
      return InvalidArgumentError(
          fmt::format("--method-preset {} is a table of its own, not settings of the whole audit "
                      "(RunEftoolkitAudit, RunKlimek2012Audit)",
                      preset->name));
    }
    preset->apply(options);
    options.method_preset = std::string(preset->name);
  }
  request.integer_percentages.ApplyTo(options.integer_percentages);
  RETURN_IF_ERROR(fingerprints::CheckIntegerPercentagesOptions(options.integer_percentages));
  return options;
}

Status CheckSources(const AuditRequest& request) {
  const int sources = (request.directory.empty() ? 0 : 1) + (request.db.empty() ? 0 : 1) +
                      (request.csv.empty() ? 0 : 1);
  if (sources != 1) {
    return InvalidArgumentError(
        "esep audit takes one source: an election directory (DIR), --db FILE, or --precincts "
        "FILE.csv --mapping MAP.json (see esep audit --help)");
  }
  if (request.csv.empty() != request.mapping.empty()) {
    return InvalidArgumentError(
        "--precincts and --mapping go together: the mapping says which column of the CSV holds "
        "what (docs/formats/column-mapping.md; example: data/mappings/ru-cik-example.json)");
  }
  if (!request.db.empty() && !request.load_store) {
    return InvalidArgumentError("an audit of a store needs a store loader (AuditRequest)");
  }
  return SuiteOptions(request).status();
}

// Reports the stage to the caller, or stops when the caller has cancelled.
Status Enter(const WorkControl& control, AuditStage stage) {
  RETURN_IF_ERROR(control.CheckCancelled("the audit"));
  control.Report(
      {.task = AuditStageName(stage), .done = static_cast<int>(stage) + 1, .total = kAuditStages});
  return OkStatus();
}

// The published tables of `data` (read from `directory`): the checks of the published figures
// against each other, then the round-number test.
Result<PublishedAudit> AuditPublishedTables(const model::ElectionData& data,
                                            const std::string& directory, double alpha) {
  if (!data.party_list.has_value()) {
    return InvalidArgumentError(
        fmt::format("{}: election.json names no party-list results table to audit, and the "
                    "directory holds no protocols.csv",
                    directory));
  }
  PublishedAudit audit{.source = data.party_list->source, .alpha = alpha};
  ASSIGN_OR_RETURN(audit.checks, published::CheckPublishedFigures(data));
  ASSIGN_OR_RETURN(audit.round_numbers, published::AuditPartyList(data.definition, *data.party_list,
                                                                  static_cast<long double>(alpha)));
  return audit;
}

// The observers' file: the request's, or the observers.csv of an election directory.
std::string ObserversFile(const AuditRequest& request) {
  if (!request.observers.empty() || request.directory.empty()) {
    return request.observers;
  }
  const std::string in_directory = request.directory + "/observers.csv";
  return std::filesystem::exists(in_directory) ? in_directory : "";
}

Result<precincts::PrecinctTable> ReadPrecinctTable(const AuditRequest& request) {
  if (!request.db.empty()) {
    return request.load_store(request.db);
  }
  if (!request.csv.empty()) {
    ASSIGN_OR_RETURN(precincts::ColumnMapping mapping,
                     precincts::ReadColumnMapping(request.mapping));
    mapping.synthetic = mapping.synthetic || request.csv_synthetic;
    return precincts::PrecinctTableFromMappedCsvFile(request.csv, mapping, request.row_errors);
  }
  return precincts::PrecinctTableFromDirectory(request.directory);
}

// The table, with the request's special commissions marked.
Result<precincts::PrecinctTable> LoadPrecinctTable(const AuditRequest& request) {
  const precincts::SpecialCommissionRule special{.column = {},
                                                 .values = {},
                                                 .id_pattern = request.special_id_pattern,
                                                 .group_pattern = request.special_group_pattern};
  RETURN_IF_ERROR(precincts::CheckSpecialPattern(special.id_pattern, "--special-id"));
  RETURN_IF_ERROR(precincts::CheckSpecialPattern(special.group_pattern, "--special-group"));
  ASSIGN_OR_RETURN(precincts::PrecinctTable table, ReadPrecinctTable(request));
  RETURN_IF_ERROR(precincts::MarkSpecialCommissions(special, table));
  return table;
}

fingerprints::PrecinctSuite RunSuite(const precincts::PrecinctTable& table,
                                     const AuditRequest& request, double& seconds) {
  const auto start = std::chrono::steady_clock::now();
  // Checked before the audit began (CheckSources), so the defaults are never used.
  const Result<fingerprints::PrecinctSuiteOptions> checked = SuiteOptions(request);
  const fingerprints::PrecinctSuiteOptions options =
      checked.has_value() ? *checked : fingerprints::PrecinctSuiteOptions{};
  const std::vector<fingerprints::PrecinctTest> tests = fingerprints::DefaultPrecinctTests();
  fingerprints::PrecinctSuite suite = fingerprints::RunPrecinctSuite(table, options, tests);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return suite;
}

Result<ObserversAudit> AuditObservers(const std::string& path,
                                      const precincts::PrecinctTable& table) {
  ASSIGN_OR_RETURN(const observers::ObserverRecords records,
                   observers::ReadObserverRecordsFile(path));
  observers::ObserverComparisonOptions compare;
  compare.choice_aliases = table.choice_aliases;
  ObserversAudit audit;
  ASSIGN_OR_RETURN(audit.comparison, observers::CompareWithOfficial(records, table, compare));
  observers::PvtOptions pvt_options;
  pvt_options.choice_aliases = table.choice_aliases;
  ASSIGN_OR_RETURN(audit.pvt, observers::EstimateFromObservers(records, table, pvt_options));
  return audit;
}

}  // namespace

std::string_view AuditStageName(AuditStage stage) {
  switch (stage) {
    case AuditStage::kPublishedTables:
      return "published tables";
    case AuditStage::kPrecinctTable:
      return "precinct table";
    case AuditStage::kPrecinctSuite:
      return "precinct suite";
    case AuditStage::kObservers:
      return "observers";
  }
  return "?";
}

Result<AuditDocument> RunAudit(const AuditRequest& request, const WorkControl& control) {
  RETURN_IF_ERROR(CheckSources(request));
  AuditDocument document;
  bool has_precincts = !request.db.empty() || !request.csv.empty();
  if (!request.directory.empty()) {
    RETURN_IF_ERROR(Enter(control, AuditStage::kPublishedTables));
    ASSIGN_OR_RETURN(const model::ElectionData data, io::LoadElectionDirectory(request.directory));
    // An election directory with protocols (`esep generate` writes one) also gets the
    // precinct-level suite; one without a published table gets only that.
    has_precincts = precincts::DirectoryHasProtocols(request.directory);
    if (data.party_list.has_value() || !has_precincts) {
      ASSIGN_OR_RETURN(document.published,
                       AuditPublishedTables(data, request.directory, request.alpha));
    }
    document.definition_synthetic = data.definition.synthetic();
  }
  const std::string observers = ObserversFile(request);
  if (!observers.empty() && !has_precincts) {
    return InvalidArgumentError(
        "--observers compares observers' records with official precinct protocols, and this "
        "source has none: give an election directory with protocols.csv, --db or --precincts");
  }
  if (!has_precincts) {
    return document;
  }
  RETURN_IF_ERROR(Enter(control, AuditStage::kPrecinctTable));
  ASSIGN_OR_RETURN(const precincts::PrecinctTable table, LoadPrecinctTable(request));
  if (!request.db.empty() && request.load_store_findings) {
    ASSIGN_OR_RETURN(document.store, request.load_store_findings(request.db));
  }
  RETURN_IF_ERROR(Enter(control, AuditStage::kPrecinctSuite));
  document.precinct_suite = RunSuite(table, request, document.timings.precinct_suite_seconds);
  if (!observers.empty()) {
    RETURN_IF_ERROR(Enter(control, AuditStage::kObservers));
    ASSIGN_OR_RETURN(document.observers, AuditObservers(observers, table));
  }
  return document;
}

Result<fingerprints::EftoolkitTable> RunEftoolkitAudit(const AuditRequest& request,
                                                       fingerprints::EftoolkitLevel level,
                                                       fingerprints::EftoolkitBootstrap bootstrap) {
  // The table replaces the suite, so the suite's preset and settings do not apply to it.
  AuditRequest table_request = request;
  table_request.method_preset.clear();
  RETURN_IF_ERROR(CheckSources(table_request));
  ASSIGN_OR_RETURN(const precincts::PrecinctTable table, LoadPrecinctTable(table_request));
  return fingerprints::RunEftoolkitTable(table, level, bootstrap);
}

Result<fingerprints::Klimek2012Table> RunKlimek2012Audit(
    const AuditRequest& request, const fingerprints::Klimek2012Options& options) {
  // The fit replaces the suite, so the suite's preset and settings do not apply to it.
  AuditRequest fit_request = request;
  fit_request.method_preset.clear();
  RETURN_IF_ERROR(CheckSources(fit_request));
  ASSIGN_OR_RETURN(const precincts::PrecinctTable table, LoadPrecinctTable(fit_request));
  return fingerprints::RunKlimek2012(table, options);
}

}  // namespace esep::audit
