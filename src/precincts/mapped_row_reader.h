// MappedRowReader: the data rows of a CSV read through a column mapping, one record at a time,
// into a PrecinctTable — ids joined, counts summed, missing values applied by the mapping's
// rules, and every row that cannot be used refused with its file, line, column and rule
// (docs/formats/column-mapping.md). PrecinctTableFromMappedCsv resolves the mapping against the
// header and feeds this reader; it is a separate type so each rule reads as one small function.
// Thread-compatible.
//
// Example:
//   MappedRowReader reader(mapping, header, std::move(figures), "uik.csv", table);
//   Status status = reader.Add(record);  // the row's reason when it cannot be used
//   reader.AddNotes();                   // what the reading did besides, for the report

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/id_index.h"
#include "base/result.h"
#include "base/status.h"
#include "io/csv.h"
#include "precincts/column_mapping.h"
#include "precincts/mapped_header.h"
#include "precincts/precinct_table.h"

namespace esep::precincts {

// One mapped figure resolved against the header: its key, the mapping's entries and the
// columns' positions (none when the mapping leaves an optional figure out).
struct ResolvedFigure {
  std::string_view key;
  const std::vector<std::string>* names = nullptr;
  std::vector<size_t> positions;

  bool mapped() const { return !positions.empty(); }
};

// Every figure of a mapping, resolved.
struct ResolvedFigures {
  ResolvedFigure precinct, group, region, registered, ballots, valid, invalid, added_on_day,
      mobile_ballots, issued, special;
  std::vector<ResolvedFigure> choices;  // in the mapping's order
};

class MappedRowReader {
 public:
  // `mapping`, `header` and `table` must outlive the reader.
  MappedRowReader(const ColumnMapping& mapping, const MappedHeader& header, ResolvedFigures figures,
                  std::string_view csv_source, PrecinctTable& table);

  // Appends the precinct of `record` to the table; kInvalidArgument "<file>:<line>: <reason>"
  // when the row cannot be used (field count, an empty or repeated id, a count that is not a
  // whole number or is missing where the figure is required, invalid above ballots, or
  // PrecinctTable::Add's rules), the table unchanged then.
  Status Add(const io::CsvRecordView& record);

  // The table's notes on what the reading did besides: rows without an id, missing votes read
  // as 0, optional figures unknown, line numbers as ids.
  void AddNotes() const;

 private:
  bool IsMissing(std::string_view cell) const;
  std::string Label(const ResolvedFigure& figure, size_t k) const;
  // The figure's fields joined with " / " (a missing value reads as empty).
  std::string Join(const io::CsvRecordView& record, const ResolvedFigure& figure) const;
  // The sum of the figure's fields; nullopt when one holds a missing value.
  Result<std::optional<int64_t>> Count(const io::CsvRecordView& record,
                                       const ResolvedFigure& figure) const;
  // A figure the row cannot do without: a missing value refuses the row.
  Result<int64_t> Required(const io::CsvRecordView& record, const ResolvedFigure& figure) const;
  // An optional figure: unknown (nullopt) when not mapped or missing.
  Result<std::optional<int64_t>> Optional(const io::CsvRecordView& record,
                                          const ResolvedFigure& figure) const;

  Status ReadId(const io::CsvRecordView& record, PrecinctRow& row);
  Status ReadBallots(const io::CsvRecordView& record, PrecinctRow& row) const;
  // The choices' votes; counts the cells read as 0 into `zeroed`.
  Status ReadVotes(const io::CsvRecordView& record, PrecinctRow& row, int64_t& zeroed) const;

  const ColumnMapping& mapping_;
  const MappedHeader& header_;
  const ResolvedFigures figures_;
  const std::string csv_source_;
  PrecinctTable& table_;
  IdIndex seen_;                  // the ids read so far
  std::vector<int64_t> lines_;    // per table row: the line it came from
  int64_t empty_ids_ = 0;         // rows excluded for an empty id
  int64_t zero_votes_ = 0;        // choices' missing votes read as 0
  int64_t unknown_optional_ = 0;  // precincts with an optional figure missing
};

}  // namespace esep::precincts
