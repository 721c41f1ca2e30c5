// The observers' part of `esep audit --observers FILE`: every difference between the
// observers' records (docs/formats/observers-csv.md) and the official precinct protocols, and
// the parallel vote tabulation from the observers' copies (docs/forensics-pvt.md).

#pragma once

#include <string>

#include "base/status.h"
#include "cli/audit_output.h"
#include "precincts/precinct_table.h"

namespace esep::cli {

// Reads the observers' file at `path`, compares it with `table` (the official protocols) and
// estimates the national figures from it; appends the text and sets the JSON keys
// "observers" and "pvt". Errors name the file, line and column (bad records) or the list
// column that names no choice of `table`.
Status AddObservers(const std::string& path, const precincts::PrecinctTable& table,
                    AuditOutput& output);

}  // namespace esep::cli
