#include "storage/internal/chain_rows.h"

#include <utility>

#include <fmt/format.h>

namespace esep::storage::internal {

namespace {

constexpr std::string_view kRowsAfterSql =
    "SELECT id, first, content, hash FROM chain WHERE id > ?1 ORDER BY id";
constexpr std::string_view kRowOfEntrySql =
    "SELECT id, first, content FROM chain WHERE id >= ?1 ORDER BY id LIMIT 1";

Status Malformed(size_t offset, std::string_view what) {
  return DataLossError(fmt::format("row content at byte {}: {}", offset, what));
}

// The end of the JSON array that starts at `start` (one past its ']'), strings and nesting
// followed; npos when it does not close.
size_t EndOfArray(std::string_view text, size_t start) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth == 0) {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

// The entries of the stored row `id` (its last entry) that starts at entry `first`, checked
// against its numbers (`first` ≤ `id`, one entry per number); kDataLoss naming the row.
Result<std::vector<std::string_view>> StoredRowEntries(int64_t id, int64_t first,
                                                       std::string_view content) {
  Result<std::vector<std::string_view>> entries = SplitRowEntries(content);
  Status status = entries.has_value() ? OkStatus() : entries.error();
  if (status.ok() &&
      (first < 1 || id < first || static_cast<uint64_t>(id - first) + 1 != entries->size())) {
    status = DataLossError(fmt::format("the row numbers entries {} to {} but holds {} entries",
                                       first, id, entries->size()));
  }
  if (!status.ok()) {
    return status.WithContext(fmt::format("chain table, row {}", id));
  }
  return entries;
}

}  // namespace

Result<std::vector<std::string_view>> SplitRowEntries(std::string_view content) {
  std::vector<std::string_view> entries;
  if (content.empty() || content.front() != '[') {
    return Malformed(0, "a row is a JSON array of entries and starts with '['");
  }
  size_t at = 1;
  while (true) {
    if (at >= content.size() || content[at] != '[') {
      return Malformed(at, "an entry (a JSON array) was expected");
    }
    const size_t end = EndOfArray(content, at);
    if (end == std::string_view::npos) {
      return Malformed(at, "the entry does not end");
    }
    entries.push_back(content.substr(at, end - at));
    if (end >= content.size()) {
      return Malformed(end, "the row does not end with ']'");
    }
    if (content[end] == ']') {
      if (end + 1 != content.size()) {
        return Malformed(end + 1, "text after the row's closing ']'");
      }
      return entries;
    }
    if (content[end] != ',') {
      return Malformed(end, "',' or ']' was expected after an entry");
    }
    at = end + 1;
  }
}

void AppendRowEntry(std::string& row, std::string_view entry) {
  row.push_back(row.empty() ? '[' : ',');
  row.append(entry);
}

void CloseRow(std::string& row) { row.push_back(']'); }

std::string SingleEntryRow(std::string_view entry) {
  std::string row;
  row.reserve(entry.size() + 2);
  AppendRowEntry(row, entry);
  CloseRow(row);
  return row;
}

Result<EntryCursor> EntryCursor::Open(const Database& db, int64_t after) {
  ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db, kRowsAfterSql));
  rows.Bind(1, after);
  return EntryCursor(std::move(rows), db.path(), after);
}

Result<bool> EntryCursor::Next() {
  if (index_ + 1 < entries_.size()) {
    ++index_;
    return true;
  }
  entries_.clear();
  index_ = 0;
  ASSIGN_OR_RETURN(const bool row, rows_.Step());
  if (!row) {
    return false;
  }
  row_id_ = rows_.Int(0);
  first_ = rows_.Int(1);
  row_hash_ = rows_.View(3);
  Result<std::vector<std::string_view>> entries = StoredRowEntries(row_id_, first_, rows_.View(2));
  if (!entries.has_value()) {
    return entries.error().WithContext(fmt::format("store {}", path_));
  }
  entries_ = std::move(*entries);
  if (first_ <= after_) {
    index_ = static_cast<size_t>(after_ - first_ + 1);  // < entries_.size(): the row ends later
  }
  return true;
}

Status VisitEntries(const Database& db, std::span<const int64_t> sorted_entries,
                    const std::function<Status(int64_t, std::string_view)>& visit) {
  if (sorted_entries.empty()) {
    return OkStatus();
  }
  ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db, kRowsAfterSql));
  rows.Bind(1, sorted_entries.front() - 1);
  size_t next = 0;
  while (next < sorted_entries.size()) {
    ASSIGN_OR_RETURN(const bool row, rows.Step());
    if (!row) {
      return DataLossError(fmt::format("store {}: chain table: entry {} is missing", db.path(),
                                       sorted_entries[next]));
    }
    const int64_t id = rows.Int(0);
    const int64_t first = rows.Int(1);
    if (sorted_entries[next] > id) {
      continue;  // no wanted entry in this row
    }
    Result<std::vector<std::string_view>> entries = StoredRowEntries(id, first, rows.View(2));
    if (!entries.has_value()) {
      return entries.error().WithContext(fmt::format("store {}", db.path()));
    }
    if (sorted_entries[next] < first) {
      return DataLossError(fmt::format("store {}: chain table: entry {} is missing", db.path(),
                                       sorted_entries[next]));
    }
    for (; next < sorted_entries.size() && sorted_entries[next] <= id; ++next) {
      const int64_t entry = sorted_entries[next];
      RETURN_IF_ERROR(visit(entry, (*entries)[static_cast<size_t>(entry - first)]));
    }
  }
  return OkStatus();
}

Result<std::string_view> RowCache::Entry(Statement& row_of_entry, int64_t id) {
  if (entries_.empty() || id < first_ || id >= first_ + static_cast<int64_t>(entries_.size())) {
    Clear();
    row_of_entry.Reset();
    row_of_entry.Bind(1, id);
    ASSIGN_OR_RETURN(const bool row, row_of_entry.Step());
    if (!row) {
      return DataLossError(fmt::format("chain table: entry {} is missing", id));
    }
    const int64_t last = row_of_entry.Int(0);
    const int64_t first = row_of_entry.Int(1);
    std::string content(row_of_entry.View(2));
    row_of_entry.Reset();
    Result<std::vector<std::string_view>> entries = StoredRowEntries(last, first, content);
    if (!entries.has_value()) {
      return entries.error();
    }
    if (id < first) {
      return DataLossError(fmt::format("chain table: entry {} is missing", id));
    }
    // The views point into the heap buffer of `content`, which the move keeps.
    first_ = first;
    content_ = std::move(content);
    entries_ = std::move(*entries);
  }
  return entries_[static_cast<size_t>(id - first_)];
}

Result<std::string> ReadEntry(const Database& db, int64_t entry) {
  std::string text;
  const int64_t wanted[] = {entry};
  RETURN_IF_ERROR(VisitEntries(db, wanted, [&](int64_t, std::string_view content) {
    text.assign(content);
    return OkStatus();
  }));
  return text;
}

}  // namespace esep::storage::internal
