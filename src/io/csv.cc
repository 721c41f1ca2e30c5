#include "io/csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

CsvCursor::CsvCursor(std::string_view text, std::string_view source)
    : text_(text), source_(source) {
  // A UTF-8 byte order mark, as spreadsheet programs write, is not part of the first column.
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
    text_.remove_prefix(3);
  }
}

Result<bool> CsvCursor::Next(CsvRecord& record) {
  if (position_ >= text_.size()) {
    return false;
  }
  const size_t start = position_;
  record.line = line_;
  record.fields.clear();
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  auto end_field = [&] {
    record.fields.push_back(field_was_quoted ? field : std::string(Trim(field)));
    field.clear();
    field_was_quoted = false;
  };
  auto error = [&](std::string_view rule) {
    return InvalidArgumentError(fmt::format("{}:{}: {}", source_, line_, rule));
  };
  bool ended = false;
  size_t i = position_;
  for (; i < text_.size() && !ended; ++i) {
    const char c = text_[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text_.size() && text_[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') {
          ++line_;
        }
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (field_was_quoted) {
        return error("text after a closing quote in the same field");
      }
      if (!Trim(field).empty()) {
        return error(
            "a quote inside an unquoted field (quote the whole field and double the "
            "quote)");
      }
      field.clear();
      in_quotes = true;
      field_was_quoted = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      ended = true;
      ++line_;
    } else if (c == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') {
      // Dropped: CRLF ends a record like LF.
    } else if (!field_was_quoted) {
      field += c;
    } else if (c != ' ' && c != '\t') {
      return error("text after a closing quote in the same field");
    }
    // Otherwise: padding between a closing quote and the comma, not part of the quoted value.
  }
  if (in_quotes) {
    return InvalidArgumentError(
        fmt::format("{}:{}: a quoted field is never closed (missing '\"')", source_, record.line));
  }
  end_field();
  // Names are printed and exported as JSON, which must be UTF-8: reject other encodings here,
  // at the line where they occur, rather than fail later.
  const std::string_view raw = text_.substr(start, i - start);
  if (const size_t bad = FindInvalidUtf8(raw); bad != std::string_view::npos) {
    const auto line =
        record.line + std::count(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    return InvalidArgumentError(fmt::format(
        "{}:{}: the text is not valid UTF-8 (byte {} of the file); save the file as UTF-8", source_,
        line, start + bad + 1));
  }
  position_ = i;
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
  for (size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i].empty()) {
      return InvalidArgumentError(fmt::format("{}:{}: column {} of the header has no name", source,
                                              records[first].line, i + 1));
    }
    for (size_t j = 0; j < i; ++j) {
      if (NormalizeName(table.header[j]) == NormalizeName(table.header[i])) {
        return InvalidArgumentError(fmt::format("{}:{}: column '{}' appears twice in the header",
                                                source, records[first].line, table.header[i]));
      }
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
                      record.fields.size(), table.header.size(), fmt::join(table.header, ",")));
    }
    table.rows.push_back(std::move(record));
  }
  return table;
}

Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFoundError(fmt::format("{}: cannot open the file", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    return UnavailableError(fmt::format("{}: read error", path));
  }
  return content.str();
}

Result<CsvTable> ReadCsvFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  return ParseCsv(text, path);
}

}  // namespace esep::io
