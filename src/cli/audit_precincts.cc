#include "cli/audit_precincts.h"

#include <chrono>

#include <fmt/format.h>

#include "cli/precinct_store.h"
#include "fingerprints/precinct_suite.h"
#include "precincts/column_mapping.h"
#include "precincts/precinct_sources.h"

namespace esep::cli {

namespace {

fingerprints::PrecinctSuite RunSuite(const precincts::PrecinctTable& table,
                                     const PrecinctSuiteFlags& flags, double& seconds) {
  const auto start = std::chrono::steady_clock::now();
  fingerprints::PrecinctSuiteOptions options;
  options.alpha = flags.alpha;
  options.max_listed = flags.max_listed;
  const std::vector<fingerprints::PrecinctTest> tests = fingerprints::DefaultPrecinctTests();
  fingerprints::PrecinctSuite suite = fingerprints::RunPrecinctSuite(table, options, tests);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return suite;
}

}  // namespace

Result<precincts::PrecinctTable> LoadPrecinctTable(const PrecinctSource& source) {
  if (!source.db.empty()) {
    return PrecinctTableFromStore(source.db);
  }
  if (!source.csv.empty()) {
    ASSIGN_OR_RETURN(precincts::ColumnMapping mapping,
                     precincts::ReadColumnMapping(source.mapping));
    mapping.synthetic = mapping.synthetic || source.synthetic;
    return precincts::PrecinctTableFromMappedCsvFile(
        source.csv, mapping,
        source.strict ? precincts::RowErrors::kStop : precincts::RowErrors::kSkip);
  }
  return precincts::PrecinctTableFromDirectory(source.directory);
}

void AddPrecinctSuite(const precincts::PrecinctTable& table, const PrecinctSuiteFlags& flags,
                      AuditOutput& output) {
  double seconds = 0;
  const fingerprints::PrecinctSuite suite = RunSuite(table, flags, seconds);
  output.text += fingerprints::PrecinctSuiteText(table, suite) +
                 fmt::format("({:.2f} s for the precinct-level suite)\n", seconds);
  nlohmann::json json = fingerprints::PrecinctSuiteJson(table, suite);
  json["total_seconds"] = seconds;
  output.json["precinct_suite"] = std::move(json);
}

}  // namespace esep::cli
