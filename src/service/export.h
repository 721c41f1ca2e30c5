// Export: write a store's results for machines — one level's rows as CSV or JSON (by default
// the precincts': disaggregated results are the point), or the whole election as NIST SP
// 1500-100 Election Results Reporting v2 JSON. What `esep export` does, and what the portal's
// downloads will serve.
//
// An export is taken from the store's latest results snapshot: the protocols as they stood when
// it was recorded, so that it can be recomputed exactly later. Beside FILE it writes
// FILE.provenance.json (service/export_provenance.h): the definition hash, the snapshot's entry
// and hash, the chain head, the file's SHA-256, signed with the commission's key when given.
// Both are written beside their destination and renamed into place, so a failed export never
// leaves half a file under the name asked for.
//
// Example:
//   ASSIGN_OR_RETURN(ExportOutcome done, ExportResults({.store_path = "results.db",
//                                                       .format = "err", .out_path = "e.json"}));

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/ed25519.h"
#include "base/result.h"
#include "results/result_status.h"
#include "service/export_provenance.h"
#include "storage/store.h"

namespace esep::service {

struct ExportRequest {
  std::string store_path;
  std::string format;  // "csv", "json" or "err"
  std::string out_path;
  std::string level = "precinct";         // csv and json: national, region, district, territorial,
                                          // precinct
  std::optional<SigningKey> signing_key;  // signs the provenance record
};

struct ExportOutcome {
  std::string election_id;
  bool synthetic = false;
  results::ResultStatus status = results::ResultStatus::kPreliminary;
  ExportProvenance provenance;
  std::string provenance_path;
};

// kInvalidArgument for an unknown format or level (nothing written), kFailedPrecondition when the
// store has no results snapshot yet, the store's errors, or kUnavailable when a file cannot be
// written.
Result<ExportOutcome> ExportResults(const ExportRequest& request);

// The SHA-256 of the export `provenance` describes, written again from `store` (at its snapshot
// entry) into `scratch_path`, which is removed afterwards. kNotFound when the store holds no
// snapshot at that entry.
Result<std::string> ReexportSha256(storage::Store& store, const std::string& store_path,
                                   const ExportProvenance& provenance,
                                   const std::string& scratch_path);

}  // namespace esep::service
