// A strict CSV reader (RFC 4180: commas, double-quoted fields, "" for a quote, CRLF or LF)
// that remembers the line every record came from, so errors can name it.
//
// ParseCsv reads the whole text into a CsvTable that owns its strings; CsvCursor reads one
// record at a time, as strings or (for a million rows) as views of the text without an
// allocation per field. Thread-compatible.

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace esep::io {

struct CsvRecord {
  int64_t line = 0;  // 1-based line number where the record starts.
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string source;               // The file name (or "<stdin>"), for messages.
  std::vector<std::string> header;  // Trimmed column names from the first line.
  std::vector<CsvRecord> rows;      // Every following non-blank record.

  // The index of the column whose normalized name (see NormalizeName) equals `name`'s.
  std::optional<size_t> FindColumn(std::string_view name) const;

  // "<source>:<line>" for messages.
  std::string Where(const CsvRecord& record) const;

  // The header's names joined by commas for a message, the first 20 only when there are more
  // ("a,b,...,t, ... (200000 columns)"): a hostile header must not make a message of megabytes.
  std::string HeaderForMessage() const;
};

// A record whose fields are views, for readers that must not allocate per field. The views
// point into the cursor's text, or into the cursor's own buffer for a quoted field holding a
// doubled quote (""); they are valid until the next call to the cursor.
struct CsvRecordView {
  int64_t line = 0;  // 1-based line number where the record starts.
  std::vector<std::string_view> fields;
};

// Reads CSV records one at a time from a text buffer, for files too large to hold as strings
// (a million protocols). `text` must outlive the cursor. Not thread-safe.
//
// Example:
//   CsvCursor cursor(text, "protocols.csv");
//   CsvRecordView record;
//   while (true) {
//     ASSIGN_OR_RETURN(bool more, cursor.Next(record));
//     if (!more) break;
//     ...
//   }
class CsvCursor {
 public:
  CsvCursor(std::string_view text, std::string_view source);
  // The same with another field delimiter, e.g. ';' as spreadsheets write in locales whose
  // decimal mark is a comma. REQUIRES: delimiter is not '"', '\n' or '\r'.
  CsvCursor(std::string_view text, std::string_view source, char delimiter);

  // Reads the next record (a blank line is a record with one empty field) into `record`,
  // reusing its storage; the views are valid until the next call. Returns false at the end of
  // the text; kInvalidArgument naming the source and line for malformed CSV or text that is
  // not UTF-8.
  Result<bool> Next(CsvRecordView& record);

  // The same, with the fields copied into `record`'s strings.
  Result<bool> Next(CsvRecord& record);

 private:
  // A quoted field with "", unescaped into unescaped_: its place in the record and its range
  // of unescaped_.
  struct Span {
    size_t field = 0;
    size_t begin = 0;
    size_t size = 0;
  };

  Status Error(std::string_view rule) const;

  // Reads a quoted field whose opening quote is at `i`, through its closing quote, and adds it
  // to `record` (a view of the text, or a Span of unescaped_ to point it at). kInvalidArgument,
  // naming the record's line, when the quote is never closed.
  Status ReadQuotedValue(size_t& i, CsvRecordView& record);
  // After a closing quote: skips padding and the delimiter or line end. Returns true when the
  // record ended; kInvalidArgument for other text after the quote.
  Result<bool> EndQuotedField(size_t& i);
  // kInvalidArgument naming the line of the first byte in [start, end) that is not UTF-8.
  Status CheckUtf8(size_t start, size_t end, int64_t record_line) const;

  std::string_view text_;
  std::string source_;
  char delimiter_ = ',';
  size_t position_ = 0;
  int64_t line_ = 1;
  std::array<bool, 256> stops_{};  // the bytes that end an unquoted field's text
  std::vector<Span> spans_;
  std::string unescaped_;
  CsvRecordView view_;  // for Next(CsvRecord&)
};

// Parses `text`. Returns kInvalidArgument naming `source` and the line for an unterminated
// quote, a stray quote inside an unquoted field, an empty header, a duplicate column or a
// record whose field count differs from the header's.
Result<CsvTable> ParseCsv(std::string_view text, std::string_view source);

// Reads and parses a file. kNotFound if it cannot be opened.
Result<CsvTable> ReadCsvFile(const std::string& path);

// The whole content of a file, or kNotFound naming it; kInvalidArgument when it is a directory.
Result<std::string> ReadTextFile(const std::string& path);

}  // namespace esep::io
