// The chain's rows (format 4, docs/formats/store.md): a row holds one or more consecutive
// entries as a JSON array of their canonical texts, `[e1,e2,...]`, and its hash chains the
// previous row's hash and those bytes. A batch of submissions is one row per chunk of entries
// (thousands), so that storing two million protocols is a few hundred SQLite rows and a few
// hundred hashes of long texts, not two million of each; every entry keeps its number.
//
// EntryCursor walks the entries of the rows in order; VisitEntries reads chosen entries by
// number. Not thread-safe (they run on the caller's connection).

#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "storage/internal/sqlite.h"

namespace esep::storage::internal {

// Splits a row's content into its entries' texts (views into `content`), strictly: the
// content must be `[` entries separated by `,` `]`, each entry a JSON array written without
// whitespace, at least one. kDataLoss naming the byte offset otherwise. The entries are only
// delimited here; each is decoded (and checked) by its own reader.
Result<std::vector<std::string_view>> SplitRowEntries(std::string_view content);

// Appends an entry to a row's content being built: `[` before the first, `,` between.
void AppendRowEntry(std::string& row, std::string_view entry);
// Closes a row built with AppendRowEntry (`]`).
void CloseRow(std::string& row);
// The content of a row of one entry.
std::string SingleEntryRow(std::string_view entry);

// Walks the chain's entries after entry `after`, row by row (the row that holds `after`, if
// it does not end there, is entered at the entry after it).
class EntryCursor {
 public:
  static Result<EntryCursor> Open(const Database& db, int64_t after = 0);

  // Moves to the next entry; false at the end. kDataLoss, naming the row, for a row that does
  // not split or whose numbers do not match its entries (first, id, their count).
  Result<bool> Next();

  int64_t entry() const { return first_ + static_cast<int64_t>(index_); }
  // The entry's text, valid until the Next() that leaves its row.
  std::string_view content() const { return entries_[index_]; }
  // The row of the current entry: its last entry's number, its hash, and whether the current
  // entry is its last.
  int64_t row_id() const { return row_id_; }
  std::string_view row_hash() const { return row_hash_; }
  bool row_end() const { return index_ + 1 == entries_.size(); }

 private:
  EntryCursor(Statement rows, std::string path, int64_t after)
      : rows_(std::move(rows)), path_(std::move(path)), after_(after) {}

  Statement rows_;
  std::string path_;
  int64_t after_ = 0;
  // Views into the current row as SQLite holds it: valid until the next step.
  std::string_view row_hash_;
  std::vector<std::string_view> entries_;
  int64_t first_ = 0;
  int64_t row_id_ = 0;
  size_t index_ = 0;
};

// The entries of one row, read by the number of an entry it holds and kept until another row
// is needed: the store confirms a resubmission against the latest version's text, and a file
// imported again asks for its rows in the order they were stored, so most look-ups find the
// row read last.
class RowCache {
 public:
  // What Entry's statement must be prepared from.
  static constexpr std::string_view kSql =
      "SELECT id, first, content FROM chain WHERE id >= ?1 ORDER BY id LIMIT 1";

  // The text of entry `id`, from the row held or else read with `row_of_entry` (kSql); valid
  // until the next call or Clear. kDataLoss naming the entry or the row.
  Result<std::string_view> Entry(Statement& row_of_entry, int64_t id);

  // Forgets the row held (after a rollback: the row may be gone).
  void Clear() {
    entries_.clear();
    content_.clear();
  }

 private:
  int64_t first_ = 0;
  std::string content_;
  std::vector<std::string_view> entries_;  // views into content_
};

// Calls `visit` with the number and text of each entry of `sorted_entries` (ascending, no
// repeats), reading only the rows that hold them, in one pass. kDataLoss naming the entry when
// one is not in the chain, or naming the row when a row does not split.
Status VisitEntries(const Database& db, std::span<const int64_t> sorted_entries,
                    const std::function<Status(int64_t, std::string_view)>& visit);

// The text of entry `entry`, read from its row (kDataLoss when there is none).
Result<std::string> ReadEntry(const Database& db, int64_t entry);

}  // namespace esep::storage::internal
