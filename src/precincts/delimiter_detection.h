// Which field delimiter a CSV read through a column mapping uses: ',', ';' (spreadsheets in
// locales whose decimal mark is a comma) or a tab. The header line is read with each, and the
// one under which the header holds the most of the mapping's columns wins. Used to pick the
// delimiter when a mapping names none, and to say which one a file uses when the mapping's
// own does not fit. Pure functions; thread-safe.
//
// Example:
//   const char delimiter = DetectDelimiter(csv_text, "uik.csv", MappedColumnEntries(mapping));

#pragma once

#include <span>
#include <string>
#include <string_view>

namespace esep::precincts {

// The delimiters tried, in order of preference on a tie.
inline constexpr char kDelimiterCandidates[] = {',', ';', '\t'};

// "','", "';'" or "a tab", for messages.
std::string DelimiterName(char delimiter);

// The candidate under which the first line of `csv_text` holds the most of `entries` (column
// names and "#N" positions), then has the most fields; ',' when no line can be read.
char DetectDelimiter(std::string_view csv_text, std::string_view csv_source,
                     std::span<const std::string> entries);

// When another candidate than `used` reads a header holding more of `entries` (every one, or
// more than `used` does), a sentence for an error message saying so and what to write in the
// mapping `mapping_source`, starting with a space; "" otherwise.
std::string DelimiterHint(std::string_view csv_text, std::string_view csv_source,
                          std::span<const std::string> entries, char used,
                          std::string_view mapping_source);

}  // namespace esep::precincts
