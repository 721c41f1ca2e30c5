// The precinct table of the election a store holds: the accepted party-list protocols of its
// precinct commissions (the latest accepted version of each), grouped by the commission tree
// of the stored definition. In cli rather than audit so that audit does not depend on storage.
//
// Example:
//   ASSIGN_OR_RETURN(precincts::PrecinctTable table, PrecinctTableFromStore("results.db"));

#pragma once

#include <string>

#include "base/result.h"
#include "precincts/precinct_table.h"

namespace esep::cli {

// Opens the existing store at `path` (OpenExistingStore, LoadStoredElection: the definition is
// checked against its SHA-256) and collects its accepted protocols
// (precincts::ProtocolPrecinctCollector). The source is `path`; synthetic when the stored
// definition is. kNotFound / kFailedPrecondition / kDataLoss as LoadStoredElection.
Result<precincts::PrecinctTable> PrecinctTableFromStore(const std::string& path);

}  // namespace esep::cli
