#include "cli/audit_precincts.h"

#include <chrono>

#include <fmt/format.h>

#include "audit/column_mapping.h"
#include "audit/precinct_sources.h"
#include "audit/precinct_suite.h"
#include "cli/precinct_store.h"

namespace esep::cli {

namespace {

audit::PrecinctSuite RunSuite(const audit::PrecinctTable& table, const PrecinctSuiteFlags& flags,
                              double& seconds) {
  const auto start = std::chrono::steady_clock::now();
  audit::PrecinctSuiteOptions options;
  options.alpha = flags.alpha;
  options.max_listed = flags.max_listed;
  const std::vector<audit::PrecinctTest> tests = audit::DefaultPrecinctTests();
  audit::PrecinctSuite suite = audit::RunPrecinctSuite(table, options, tests);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return suite;
}

}  // namespace

Result<audit::PrecinctTable> LoadPrecinctTable(const PrecinctSource& source) {
  if (!source.db.empty()) {
    return PrecinctTableFromStore(source.db);
  }
  if (!source.csv.empty()) {
    ASSIGN_OR_RETURN(audit::ColumnMapping mapping, audit::ReadColumnMapping(source.mapping));
    mapping.synthetic = mapping.synthetic || source.synthetic;
    return audit::PrecinctTableFromMappedCsvFile(
        source.csv, mapping, source.strict ? audit::RowErrors::kStop : audit::RowErrors::kSkip);
  }
  return audit::PrecinctTableFromDirectory(source.directory);
}

void AddPrecinctSuite(const audit::PrecinctTable& table, const PrecinctSuiteFlags& flags,
                      AuditOutput& output) {
  double seconds = 0;
  const audit::PrecinctSuite suite = RunSuite(table, flags, seconds);
  output.text += audit::PrecinctSuiteText(table, suite) +
                 fmt::format("({:.2f} s for the precinct-level suite)\n", seconds);
  nlohmann::json json = audit::PrecinctSuiteJson(table, suite);
  json["total_seconds"] = seconds;
  output.json["precinct_suite"] = std::move(json);
}

}  // namespace esep::cli
