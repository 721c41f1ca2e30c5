// Observers' records of a sample of precincts (docs/formats/observers-csv.md): the figures of
// the protocol copy posted at the polling station (or handed to the observer), a copy not
// posted, access refused, and the voters the observer counted during the day and at the close.
//
// The parser is strict about the file (columns, values, duplicates, counts that go down) and
// knows nothing of the official results: precinct ids and list columns are matched against the
// official table when the records are compared (observers/observer_comparison.h). Plain data;
// thread-compatible.
//
// Example:
//   ASSIGN_OR_RETURN(ObserverRecords records, ReadObserverRecordsFile("observers.csv"));

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace esep::observers {

// The `record` column.
enum class ObserverRecordKind {
  kPostedCopy,     // "posted_copy": the protocol copy posted at the polling station
  kObserverCopy,   // "observer_copy": the certified copy handed to the observer
  kCopyNotPosted,  // "copy_not_posted": no copy was posted after the count
  kNoAccess,       // "no_access": the observer was refused entry or the count could not be seen
  kTurnout,        // "turnout": voters counted so far at `time`
  kTurnoutClose,   // "turnout_close": the observer's own count of voters at the close
};

// "posted_copy", "observer_copy", ...: the names the file uses.
std::string_view ObserverRecordKindName(ObserverRecordKind kind);

bool IsCopy(ObserverRecordKind kind);

// The figures of a protocol copy; an empty cell (not legible, not recorded) is nullopt.
struct CopyFigures {
  std::optional<int64_t> registered;  // voters on the list
  std::optional<int64_t> ballots;     // ballots found in the boxes
  std::optional<int64_t> valid;
  std::optional<int64_t> invalid;
  std::vector<std::optional<int64_t>> votes;  // per ObserverRecords::list_columns
};

struct ObserverRecord {
  int64_t line = 0;  // the line of the file the record starts on
  std::string precinct;
  std::string observer;
  std::string organisation;  // "" when not given
  ObserverRecordKind kind = ObserverRecordKind::kPostedCopy;
  std::optional<int> minute;              // time of day, minutes after midnight
  std::optional<int64_t> voters_counted;  // turnout records only
  CopyFigures figures;                    // copies only
  std::string note;
  bool synthetic = false;
};

struct ObserverRecords {
  std::string source;  // the file name, for messages
  // The lists the file has columns for, as written after "list:" in the header.
  std::vector<std::string> list_columns;
  // The header column index of each list column, for messages (1-based columns).
  std::vector<int> list_column_numbers;
  std::vector<ObserverRecord> records;  // in file order
  bool synthetic = false;               // any record marked synthetic
};

// "HH:MM" for a minute of the day.
std::string FormatMinute(int minute);

// Parses the observers' CSV. kInvalidArgument naming `source`, the line, the column and the
// rule for: malformed CSV or UTF-8, a missing required column (precinct, observer, record), an
// unknown or repeated column, a field that breaks its column's rule (unknown record kind, time
// not HH:MM, count not a whole non-negative number, synthetic not yes/no), figures on a record
// that takes none or a copy with no figure, a turnout record without its count or time, the
// same record given twice, or one observer's counts at one precinct going down over the day.
Result<ObserverRecords> ParseObserverRecords(std::string_view text, std::string_view source);

// Reads and parses a file; kNotFound when it cannot be read.
Result<ObserverRecords> ReadObserverRecordsFile(const std::string& path);

}  // namespace esep::observers
