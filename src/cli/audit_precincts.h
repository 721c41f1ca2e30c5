// The precinct-level suite of `esep audit` (fingerprints/precinct_suite.h) from each source the
// command takes: an election directory's protocols, a store's accepted protocols, or a CSV
// read through a column mapping. Kept apart from audit_command.cc, which parses the flags and
// runs the published-table tests.

#pragma once

#include <cstddef>
#include <string>

#include "base/result.h"
#include "cli/audit_output.h"
#include "precincts/precinct_table.h"

namespace esep::cli {

// Where the precincts come from: exactly one of directory, db and csv (with mapping).
struct PrecinctSource {
  std::string directory;   // an election directory holding protocols.csv
  std::string db;          // a store
  std::string csv;         // any commission's CSV ...
  std::string mapping;     // ... and its column mapping (docs/formats/column-mapping.md)
  bool strict = false;     // a bad CSV row stops the audit instead of being skipped and listed
  bool synthetic = false;  // label the CSV's data synthetic whatever the mapping says
};

Result<precincts::PrecinctTable> LoadPrecinctTable(const PrecinctSource& source);

struct PrecinctSuiteFlags {
  double alpha = 0.01;
  size_t max_listed = 20;
};

// Runs the suite on `table` once and appends its text (PrecinctSuiteText, with the time it
// took) and its JSON (PrecinctSuiteJson, plus "total_seconds") under "precinct_suite".
void AddPrecinctSuite(const precincts::PrecinctTable& table, const PrecinctSuiteFlags& flags,
                      AuditOutput& output);

}  // namespace esep::cli
