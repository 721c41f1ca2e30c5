// The header line of a CSV read through a column mapping, and the mapping's column entries
// resolved against it. An entry is a column's name (matched after trimming, ASCII case and runs
// of spaces ignored) or its position: "#3" is the third column, counted from 1, whatever its
// name (an unnamed column, or one whose name repeats). Plain data and pure functions;
// thread-safe.
//
// Example:
//   MappedHeader header = MakeMappedHeader(record.fields, record.line, "uik.csv");
//   ASSIGN_OR_RETURN(std::vector<size_t> columns,
//                    ResolveColumns("precinct", {"#1"}, header, "m.json"));

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace esep::precincts {

struct MappedHeader {
  std::string source;                   // the CSV file, for messages
  int64_t line = 1;                     // the header's line
  std::vector<std::string> names;       // as written
  std::vector<std::string> normalized;  // NormalizeName(Trim(name))
};

MappedHeader MakeMappedHeader(std::span<const std::string_view> fields, int64_t line,
                              std::string_view source);

// The 0-based column an entry "#N" (N a whole number from 1) names, or nullopt when the entry
// is a name.
std::optional<size_t> ColumnPosition(std::string_view entry);

// The position of every entry of `entries` (mapped to `key` by `mapping_source`) in `header`.
// kInvalidArgument naming the CSV, the header line, the key and the entry when a name is not in
// the header or is there twice, or a position lies beyond the header's columns.
Result<std::vector<size_t>> ResolveColumns(std::string_view key,
                                           const std::vector<std::string>& entries,
                                           const MappedHeader& header,
                                           std::string_view mapping_source);

// How many of `entries` resolve in `header` (ResolveColumns would accept them one by one).
size_t CountResolvable(std::span<const std::string> entries, const MappedHeader& header);

// An entry as messages show it: the name in quotes, or a position with the header's name
// there: `column #1 ("")`.
std::string ColumnLabel(std::string_view entry, const MappedHeader& header);

}  // namespace esep::precincts
