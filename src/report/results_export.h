// Writers of result rows (result_rows.h): a text table for people, CSV and JSON for machines.
// CSV and JSON stream row by row to the output, so the precinct level of a 1,000,000-precinct
// election is written without holding it in memory; the table is built whole (it is for
// reading, one level or one unit at a time). Format: docs/formats/results-export.md.
//
// Example:
//   results::ResultsSource source{definition, tabulator, accepted_protocols, open_corrections};
//   RETURN_IF_ERROR(WriteResults(std::cout, ResultsFormat::kCsv, source,
//                                {.level = results::ResultLevel::kPrecinct}, provenance));

#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "base/result.h"
#include "results/result_rows.h"

namespace esep::report {

enum class ResultsFormat { kTable, kCsv, kJson };

// "table", "csv" or "json"; kInvalidArgument naming the three otherwise.
Result<ResultsFormat> ParseResultsFormat(std::string_view name);

// What the results were computed from, written at the top of the JSON (the CSV and the table
// carry none of it: name the file after it or print it beside).
struct Provenance {
  std::string election_id;
  std::string definition_sha256;  // of the election definition, as the store records it
  std::string chain_head;         // the audit chain's head hash when the results were read
  // The chain entry of the results snapshot they were taken from (an export); none when they
  // were recomputed from the store as it is (a report).
  std::optional<int64_t> snapshot_entry;
};

// Writes the rows of `query` to `out` in `format`. Returns the errors of results::ForEachResultRow
// (nothing written), or kUnavailable when `out` fails while writing.
Status WriteResults(std::ostream& out, ResultsFormat format, const results::ResultsSource& source,
                    const results::ResultsQuery& query, const Provenance& provenance);

// Appends `row` as one JSON object, keys in the documented order (docs/formats/results-export.md):
// the objects of the JSON format's "rows", which the public snapshot's unit files carry too.
void AppendResultRowJson(std::string& out, const results::ResultRow& row);

// The CSV header for rows of these contests: the unit and progress columns, the ballot
// account, one column per choice of each contest (list: the party's short name; district N:
// "district N: <candidate>"), against_all, turnout_percent, turnout_reported_during_day.
std::string ResultsCsvHeader(const results::ResultsSource& source,
                             std::span<const protocol::ContestRef> contests);

}  // namespace esep::report
