#include "io/csv.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/output_file.h"
#include "base/text.h"

namespace esep::io {

std::optional<size_t> CsvTable::FindColumn(std::string_view name) const {
  const std::string wanted = NormalizeName(name);
  for (size_t i = 0; i < header.size(); ++i) {
    if (NormalizeName(header[i]) == wanted) {
      return i;
    }
  }
  return std::nullopt;
}

std::string CsvTable::Where(const CsvRecord& record) const {
  return fmt::format("{}:{}", source, record.line);
}

std::string CsvTable::HeaderForMessage() const {
  constexpr size_t kListed = 20;
  if (header.size() <= kListed) {
    return fmt::format("{}", fmt::join(header, ","));
  }
  return fmt::format("{}, ... ({} columns)",
                     fmt::join(header.begin(), header.begin() + kListed, ","), header.size());
}

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trim, without the search when the field has no padding (nearly every field).
std::string_view FastTrim(std::string_view text) {
  if (text.empty() || (!IsSpace(text.front()) && !IsSpace(text.back()))) {
    return text;
  }
  return Trim(text);
}

bool IsAscii(std::string_view text) {
  uint64_t bits = 0;
  size_t i = 0;
  for (; i + sizeof(uint64_t) <= text.size(); i += sizeof(uint64_t)) {
    uint64_t word = 0;
    std::memcpy(&word, text.data() + i, sizeof(word));
    bits |= word;
  }
  for (; i < text.size(); ++i) {
    bits |= static_cast<unsigned char>(text[i]);
  }
  return (bits & 0x8080808080808080ULL) == 0;
}

}  // namespace

CsvCursor::CsvCursor(std::string_view text, std::string_view source)
    : CsvCursor(text, source, ',') {}

CsvCursor::CsvCursor(std::string_view text, std::string_view source, char delimiter)
    : text_(text), source_(source), delimiter_(delimiter) {
  for (const char stop : {delimiter, '\n', '"'}) {
    stops_[static_cast<unsigned char>(stop)] = true;
  }
  // A UTF-8 byte order mark, as spreadsheet programs write, is not part of the first column.
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
    text_.remove_prefix(3);
  }
}

Status CsvCursor::Error(std::string_view rule) const {
  return InvalidArgumentError(fmt::format("{}:{}: {}", source_, line_, rule));
}

Result<bool> CsvCursor::Next(CsvRecordView& record) {
  if (position_ >= text_.size()) {
    return false;
  }
  const size_t start = position_;
  record.line = line_;
  // The fields are written as views at once (the import's hot path: two million rows of
  // short numbers); only those unescaped into unescaped_ are pointed at it at the end, when it
  // no longer grows.
  record.fields.clear();
  spans_.clear();
  unescaped_.clear();
  const char* const data = text_.data();
  const size_t size = text_.size();
  size_t i = position_;
  bool ended = false;
  while (!ended) {
    const size_t begin = i;
    while (i < size && !stops_[static_cast<unsigned char>(data[i])]) {
      ++i;
    }
    if (i == size || data[i] != '"') {
      // An unquoted field, trimmed; the '\r' of a CRLF is trimmed with it.
      record.fields.push_back(FastTrim(std::string_view(data + begin, i - begin)));
      if (i == size) {
        ended = true;
      } else {
        ended = data[i] == '\n';
        line_ += ended ? 1 : 0;
        ++i;
      }
      continue;
    }
    if (!FastTrim(text_.substr(begin, i - begin)).empty()) {
      return Error(
          "a quote inside an unquoted field (quote the whole field and double the "
          "quote)");
    }
    RETURN_IF_ERROR(ReadQuotedValue(i, record));
    ASSIGN_OR_RETURN(ended, EndQuotedField(i));
  }
  RETURN_IF_ERROR(CheckUtf8(start, i, record.line));
  for (const Span& span : spans_) {
    record.fields[span.field] = std::string_view(unescaped_).substr(span.begin, span.size);
  }
  position_ = i;
  return true;
}

Status CsvCursor::ReadQuotedValue(size_t& i, CsvRecordView& record) {
  const char* const data = text_.data();
  const size_t size = text_.size();
  // The value runs from after the opening quote to the closing quote, "" standing for one quote.
  ++i;
  const size_t value_begin = i;
  size_t segment = i;  // the part not yet copied to unescaped_, once a "" was seen
  std::optional<size_t> unescaped_begin;
  bool closed = false;
  while (i < size) {
    const char c = data[i];
    if (c == '"') {
      if (i + 1 < size && data[i + 1] == '"') {
        if (!unescaped_begin.has_value()) {
          unescaped_begin = unescaped_.size();
        }
        unescaped_.append(data + segment, i + 1 - segment);
        i += 2;
        segment = i;
        continue;
      }
      closed = true;
      break;
    }
    if (c == '\n') {
      ++line_;
    }
    ++i;
  }
  if (!closed) {
    return InvalidArgumentError(
        fmt::format("{}:{}: a quoted field is never closed (missing '\"')", source_, record.line));
  }
  if (unescaped_begin.has_value()) {
    unescaped_.append(data + segment, i - segment);
    spans_.push_back(
        {record.fields.size(), *unescaped_begin, unescaped_.size() - *unescaped_begin});
    record.fields.emplace_back();  // pointed at unescaped_ once the record is read
  } else {
    record.fields.push_back(text_.substr(value_begin, i - value_begin));
  }
  ++i;  // the closing quote
  return OkStatus();
}

Result<bool> CsvCursor::EndQuotedField(size_t& i) {
  const char* const data = text_.data();
  const size_t size = text_.size();
  // Padding between a closing quote and the comma is not part of the quoted value.
  while (i < size && (data[i] == ' ' || data[i] == '\t')) {
    ++i;
  }
  if (i == size) {
    return true;
  }
  if (data[i] == delimiter_) {
    ++i;
    return false;
  }
  if (data[i] == '\n') {
    ++line_;
    ++i;
    return true;
  }
  if (data[i] == '\r' && i + 1 < size && data[i + 1] == '\n') {
    ++line_;
    i += 2;
    return true;
  }
  return Error("text after a closing quote in the same field");
}

Status CsvCursor::CheckUtf8(size_t start, size_t end, int64_t record_line) const {
  // Names are printed and exported as JSON, which must be UTF-8: reject other encodings here,
  // at the line where they occur, rather than fail later.
  const std::string_view raw = text_.substr(start, end - start);
  if (IsAscii(raw)) {
    return OkStatus();
  }
  if (const size_t bad = FindInvalidUtf8(raw); bad != std::string_view::npos) {
    const auto line =
        record_line + std::count(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    return InvalidArgumentError(fmt::format(
        "{}:{}: the text is not valid UTF-8 (byte {} of the file); save the file as UTF-8", source_,
        line, start + bad + 1));
  }
  return OkStatus();
}

Result<bool> CsvCursor::Next(CsvRecord& record) {
  ASSIGN_OR_RETURN(bool more, Next(view_));
  if (!more) {
    return false;
  }
  record.line = view_.line;
  record.fields.resize(view_.fields.size());
  for (size_t k = 0; k < view_.fields.size(); ++k) {
    record.fields[k].assign(view_.fields[k]);
  }
  return true;
}

namespace {

bool IsBlank(const CsvRecord& record) {
  return record.fields.size() == 1 && record.fields[0].empty();
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view text, std::string_view source) {
  CsvCursor cursor(text, source);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (true) {
    ASSIGN_OR_RETURN(bool more, cursor.Next(record));
    if (!more) {
      break;
    }
    records.push_back(std::move(record));
    record = CsvRecord{};
  }
  CsvTable table;
  table.source = std::string(source);
  size_t first = 0;
  while (first < records.size() && IsBlank(records[first])) {
    ++first;
  }
  if (first == records.size()) {
    return InvalidArgumentError(
        fmt::format("{}: the file is empty; a header line is required", source));
  }
  table.header = records[first].fields;
  // One hash set of the normalized names: a header of 200,000 columns is checked in
  // milliseconds (comparing every pair took minutes).
  std::unordered_set<std::string> seen;
  seen.reserve(table.header.size());
  for (size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i].empty()) {
      return InvalidArgumentError(fmt::format("{}:{}: column {} of the header has no name", source,
                                              records[first].line, i + 1));
    }
    if (!seen.insert(NormalizeName(table.header[i])).second) {
      return InvalidArgumentError(fmt::format("{}:{}: column '{}' appears twice in the header",
                                              source, records[first].line, table.header[i]));
    }
  }
  for (size_t r = first + 1; r < records.size(); ++r) {
    CsvRecord& record = records[r];
    if (IsBlank(record)) {
      continue;
    }
    if (record.fields.size() != table.header.size()) {
      return InvalidArgumentError(
          fmt::format("{}:{}: {} fields, but the header has {} columns ({})", source, record.line,
                      record.fields.size(), table.header.size(), table.HeaderForMessage()));
    }
    table.rows.push_back(std::move(record));
  }
  return table;
}

Result<std::string> ReadTextFile(const std::string& path) {
  // A directory opens as a stream on Linux and reports a nonsense size; refuse it by name.
  RETURN_IF_ERROR(CheckNotDirectory(path));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFoundError(fmt::format("{}: cannot open the file", path));
  }
  // Read straight into one string of the file's size when it has one (not a pipe): a 140 MB
  // protocols file is then copied once, not grown and copied again.
  std::string content;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0 && in) {
    content.resize(static_cast<size_t>(size));
    in.read(content.data(), size);
    content.resize(static_cast<size_t>(in.gcount()));
  }
  in.clear();
  // Whatever is left (a file that grew, or one whose size is unknown).
  std::ostringstream rest;
  rest << in.rdbuf();
  if (in.bad()) {
    return UnavailableError(fmt::format("{}: read error", path));
  }
  content += rest.str();
  return content;
}

Result<CsvTable> ReadCsvFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  return ParseCsv(text, path);
}

}  // namespace esep::io
