// Export: write a store's results for machines — one level's rows as CSV or JSON (by default
// the precincts': disaggregated results are the point), or the whole election as NIST SP
// 1500-100 Election Results Reporting v2 JSON. What `esep export` does, and what the portal's
// downloads will serve.
//
// The file is written beside its destination and renamed into place, so a failed export never
// leaves half a file under the name asked for.
//
// Example:
//   ASSIGN_OR_RETURN(ExportOutcome done, ExportResults({.store_path = "results.db",
//                                                       .format = "err", .out_path = "e.json"}));

#pragma once

#include <string>

#include "base/result.h"
#include "results/result_status.h"

namespace esep::service {

struct ExportRequest {
  std::string store_path;
  std::string format;  // "csv", "json" or "err"
  std::string out_path;
  std::string level = "precinct";  // csv and json: national, region, district, territorial,
                                   // precinct
};

struct ExportOutcome {
  std::string election_id;
  bool synthetic = false;
  results::ResultStatus status = results::ResultStatus::kPreliminary;
  std::string definition_sha256;
  std::string chain_head;
};

// kInvalidArgument for an unknown format or level (nothing written), the store's errors, or
// kUnavailable when the file cannot be written.
Result<ExportOutcome> ExportResults(const ExportRequest& request);

}  // namespace esep::service
