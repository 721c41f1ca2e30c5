// Reads a party-list vote count from CSV: the input of `esep seats`.
//
// Format (docs/formats/list-votes-csv.md): a header with at least `party,votes`; optional
// columns `registered` (ISO date the list was registered, for the Kazakh tie-break) and
// `candidates` (list length). Rows named "against all" and "invalid" (any case) are those
// ballot lines, not parties. Thread-compatible.

#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "law/list_allocation.h"

namespace esep::io {

// Parses `text`; `source` names it in errors ("votes.csv:7: field 'votes': 'abc' is not a
// whole number"). kInvalidArgument for a missing column, a bad number or date, a duplicate
// name, a repeated against-all/invalid row, or no party rows.
Result<law::ListContestVotes> ParseListVotesCsv(std::string_view text, std::string_view source);

// Reads the file at `path` ("-" for standard input) and parses it.
Result<law::ListContestVotes> ReadListVotesCsv(const std::string& path);

// True for "YYYY-MM-DD" naming a real day of the Gregorian calendar (2023-02-29 is not).
bool IsIsoDate(std::string_view text);

}  // namespace esep::io
