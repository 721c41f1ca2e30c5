// The whole election as NIST SP 1500-100 Election Results Reporting v2 JSON (ERR): the country,
// regions, territorial commissions, districts and precincts as ReportingUnits; parties and
// district candidates; the party-list PartyContest and one CandidateContest per district, with
// VoteCounts for every precinct and every unit above it; every protocol line as BallotCounts.
// Valid against shared/standards/NIST_V2_election_results_reporting.json. Streams to the
// output: a 1,000,000-precinct election is never held in memory as JSON.
// Mapping and extensions: docs/formats/err-export.md.
//
// Example:
//   ErrOptions options{.provenance = {definition.id(), definition_sha256, chain_head},
//                      .generated_date = ErrDateTime(std::chrono::system_clock::now())};
//   RETURN_IF_ERROR(WriteErrJson(out, source, options));

#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "base/result.h"
#include "report/results_export.h"
#include "results/result_rows.h"

namespace esep::report {

// Whether the election is real or a test (synthetic elections are tests: ERR IsTest/TestType).
enum class ErrTestData { kReal, kSynthetic };

struct ErrOptions {
  Provenance provenance;       // ExternalIdentifiers of the ElectionReport
  std::string generated_date;  // ERR DateTimeWithZone, e.g. "2026-03-20T06:00:00Z"
  std::string issuer = "esep";
  std::string issuer_abbreviation = "esep";
  std::string vendor_application_id = "esep";
  ErrTestData test_data = ErrTestData::kReal;
};

// Writes the ERR ElectionReport of `source` to `out`. Returns kInvalidArgument (nothing
// written) when a protocol is not an accepted precinct protocol of the definition or the
// generated date is not a DateTimeWithZone; kUnavailable when `out` fails.
Status WriteErrJson(std::ostream& out, const results::ResultsSource& source,
                    const ErrOptions& options);

// `time` in UTC as an ERR DateTimeWithZone: "2026-03-20T06:00:00Z".
std::string ErrDateTime(std::chrono::system_clock::time_point time);

}  // namespace esep::report
