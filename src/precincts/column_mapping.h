// Precinct tables from any commission's published CSV, read through a small JSON column-mapping
// file that says which column holds what (docs/formats/column-mapping.md): the precinct id, its
// territorial commission and region, registered voters, ballots (a sum of columns, e.g. the
// stationary and the mobile boxes), valid ballots and/or invalid ones (alone, subtracted),
// optional election-day additions, mobile-box ballots and ballots issued, and each choice's
// column.
//
// Bad input: a mapping or a header that cannot work stops the load (kInvalidArgument naming the
// file, the line, the mapping key and the column); a data row that cannot be used is skipped and
// listed in PrecinctTable::skipped with its file, line, column and rule, or stops the load at the
// first one under RowErrors::kStop. Thread-compatible.
//
// Example:
//   ASSIGN_OR_RETURN(ColumnMapping mapping, ReadColumnMapping("ru-cik-example.json"));
//   ASSIGN_OR_RETURN(PrecinctTable table, PrecinctTableFromMappedCsvFile("uik.csv", mapping));

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "precincts/precinct_table.h"
#include "precincts/special_commissions.h"

namespace esep::precincts {

struct ColumnMapping {
  std::string source;       // the mapping file, for messages
  std::string description;  // free text: whose data, which election
  char delimiter = ',';     // ',', ';' or '\t'
  // No "delimiter" key (or "auto"): the reader picks the delimiter under which the header holds
  // the mapped columns (precincts/delimiter_detection.h).
  bool detect_delimiter = true;
  bool synthetic = false;  // the data is made up (tests, examples): reports say SYNTHETIC
  // Each figure is one column or several: ids and names are joined with " / ", counts summed.
  std::vector<std::string> precinct;  // required
  std::vector<std::string> group;     // territorial commission; optional
  std::vector<std::string> region;    // the level above it; optional
  std::vector<std::string> registered;
  std::vector<std::string> ballots;
  std::vector<std::string> valid;         // at least one of valid, invalid
  std::vector<std::string> invalid;       // alone: valid = ballots − invalid; both: each as read
  std::vector<std::string> added_on_day;  // optional
  std::vector<std::string> mobile_ballots;  // optional
  std::vector<std::string> issued;          // optional: ballots issued to voters
  struct Choice {
    std::string name;
    std::vector<std::string> columns;
  };
  std::vector<Choice> choices;  // at least one, in the order reports show them

  // Cells that mean "no figure" ("NA", "-", ""), compared after trimming; empty: none (a count
  // must then be a whole number). Their effect depends on the figure
  // (docs/formats/column-mapping.md): a missing id or required count excludes the row, an
  // optional count is unknown, a missing name (group, region) is empty, a choice's votes follow
  // missing_votes.
  std::vector<std::string> missing;
  enum class MissingVotes {
    kExcludeRow,  // a choice's missing votes exclude the row (listed with its reason)
    kZero,        // they count as 0 (the choice was not on that ballot), noted in the report
  };
  MissingVotes missing_votes = MissingVotes::kExcludeRow;
  // The precinct id is the row's line in the file ("line 17"), after the `precinct` columns'
  // values when they are given ("15 / line 17"): for files whose key repeats for distinct
  // stations.
  bool precinct_row_number = false;
  // Which rows are special commissions (precincts/special_commissions.h); none by default.
  SpecialCommissionRule special;
};

// Every column entry the mapping names (figures, choices, the special column), in the order
// the keys are read: what the delimiter detection looks for in the header.
std::vector<std::string> MappedColumnEntries(const ColumnMapping& mapping);

// Parses a mapping. kInvalidArgument naming `source` and the key for malformed JSON, an unknown
// key, a missing required key, neither of valid/invalid, an empty column list, a
// delimiter other than ",", ";", "\t" or "auto", a choice without a name or column, a bad
// "missing", "missing_votes" or "special" value. A column is a name, "#N" or {"position": N}
// (the N-th column, from 1).
Result<ColumnMapping> ParseColumnMapping(std::string_view json_text, std::string_view source);
Result<ColumnMapping> ReadColumnMapping(const std::string& path);

enum class RowErrors {
  kSkip,  // skip the row, with its reason in PrecinctTable::skipped
  kStop,  // stop at the first bad row with its error
};

// Reads `csv_text` (UTF-8, a byte-order mark allowed, quoted fields) through `mapping`, with
// the mapping's delimiter or, when it names none, the detected one. The header must hold every
// mapped column (matched after trimming, ASCII case and runs of spaces ignored) exactly once, or
// the mapping names it by position. A row is bad when its field count differs from the
// header's, a mapped count is not a whole number (ParseCount) nor an allowed missing value,
// invalid exceeds ballots, its precinct id is empty (any of its columns empty or missing: such
// rows are excluded, never merged) or repeats an earlier row's, or PrecinctTable::Add refuses it
// (ballots above registered, ...). Blank lines are not rows. Rows of special commissions are
// marked (PrecinctTable::special). kInvalidArgument when no row could be used; an error about
// the CSV's form says which delimiter would fit when another would.
Result<PrecinctTable> PrecinctTableFromMappedCsv(std::string_view csv_text,
                                                 std::string_view csv_source,
                                                 const ColumnMapping& mapping,
                                                 RowErrors row_errors = RowErrors::kSkip);
Result<PrecinctTable> PrecinctTableFromMappedCsvFile(const std::string& path,
                                                     const ColumnMapping& mapping,
                                                     RowErrors row_errors = RowErrors::kSkip);

}  // namespace esep::precincts
