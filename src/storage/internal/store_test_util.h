// Helpers for the storage tests: a temporary store file removed afterwards, raw SQL on a store
// file (to tamper with it as an outsider would), and status matchers. Test-only.

#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "base/result.h"
#include "storage/audit_chain.h"
#include "storage/internal/chain_rows.h"

namespace esep::storage::internal {

MATCHER(IsOk, "is OK") {
  if (arg.ok()) {
    return true;
  }
  *result_listener << arg.ToString();
  return false;
}

MATCHER_P(HasCode, code, fmt::format("has code {}", StatusCodeName(code))) {
  *result_listener << arg.ToString();
  return arg.code() == code;
}

// A path in a fresh temporary directory, removed with everything in it at destruction.
class TempStorePath {
 public:
  TempStorePath() {
    static std::atomic<int> counter{0};
    directory_ = std::filesystem::path(::testing::TempDir()) /
                 fmt::format("esep_storage_{}_{}", getpid(), counter++);
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  ~TempStorePath() {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  TempStorePath(const TempStorePath&) = delete;
  TempStorePath& operator=(const TempStorePath&) = delete;

  std::string path() const { return (directory_ / "store.db").string(); }
  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
};

// Runs `sql` (one or more statements) in one transaction on the database file at `path` with
// the raw SQLite API, outside the store; without fsync, to keep the tests fast. Returns
// SQLite's error message, or "" on success.
inline std::string RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string error;
  const std::string transaction = "PRAGMA synchronous = OFF; BEGIN; " + sql + "; COMMIT;";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
      sqlite3_exec(db, transaction.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    error = sqlite3_errmsg(db);
  }
  sqlite3_close(db);
  return error;
}

// The first column of the first row of `sql` on the file at `path`, as text ("" for none).
inline std::string RawQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string value;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    if (text != nullptr) {
      value.assign(reinterpret_cast<const char*>(text),
                   static_cast<size_t>(sqlite3_column_bytes(statement, 0)));
    }
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

// `text` as an SQL string literal: in single quotes, each quote doubled.
inline std::string SqlText(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    quoted += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return quoted + "'";
}

// The number of the row (its last entry) that holds entry `entry` of the store at `path`, or
// 0 when none does.
inline int64_t RowOf(const std::string& path, int64_t entry) {
  const std::string row =
      RawQuery(path, fmt::format("SELECT id FROM chain WHERE id >= {} ORDER BY id LIMIT 1", entry));
  return row.empty() ? 0 : std::stoll(row);
}

// The text of entry `entry`, byte for byte, cut from its row ("" when there is none).
inline std::string EntryText(const std::string& path, int64_t entry) {
  const int64_t row = RowOf(path, entry);
  const std::string content =
      RawQuery(path, fmt::format("SELECT content FROM chain WHERE id = {}", row));
  const int64_t first =
      row == 0
          ? 0
          : std::stoll(RawQuery(path, fmt::format("SELECT first FROM chain WHERE id = {}", row)));
  Result<std::vector<std::string_view>> entries = SplitRowEntries(content);
  if (row == 0 || !entries.has_value() || entry < first ||
      entry - first >= static_cast<int64_t>(entries->size())) {
    return "";
  }
  return std::string((*entries)[static_cast<size_t>(entry - first)]);
}

// Replaces the text of entry `entry` in its row, as an insider with the file would (after
// `extra_sql`, e.g. dropping a trigger, in the same transaction). Returns "" or an error.
inline std::string RewriteEntry(const std::string& path, int64_t entry, const std::string& text,
                                const std::string& extra_sql = "") {
  const int64_t row = RowOf(path, entry);
  const std::string content =
      RawQuery(path, fmt::format("SELECT content FROM chain WHERE id = {}", row));
  const int64_t first =
      std::stoll(RawQuery(path, fmt::format("SELECT first FROM chain WHERE id = {}", row)));
  Result<std::vector<std::string_view>> entries = SplitRowEntries(content);
  if (!entries.has_value()) {
    return entries.error().ToString();
  }
  std::string rewritten;
  for (size_t i = 0; i < entries->size(); ++i) {
    AppendRowEntry(rewritten, static_cast<int64_t>(i) == entry - first ? std::string_view(text)
                                                                       : (*entries)[i]);
  }
  CloseRow(rewritten);
  return RawExec(path, (extra_sql.empty() ? "" : extra_sql + "; ") +
                           fmt::format("UPDATE chain SET content = {} WHERE id = {}",
                                       SqlText(rewritten), row));
}

// What an insider does after changing entry `first` of the chain at `path` (triggers dropped):
// the hash of its row and of every later row recomputed from the public genesis and row
// format, so that the chain verifies on its own again. Returns "" or SQLite's error.
inline std::string RehashChainFrom(const std::string& path, int64_t first) {
  const int64_t first_row = RowOf(path, first);
  const std::string before = RawQuery(
      path,
      fmt::format("SELECT hash FROM chain WHERE id < {} ORDER BY id DESC LIMIT 1", first_row));
  std::string previous = before.empty() ? GenesisHash() : before;
  const int64_t last = std::stoll(RawQuery(path, "SELECT coalesce(max(id), 0) FROM chain"));
  for (int64_t row = first_row; row != 0 && row <= last; row = RowOf(path, row + 1)) {
    previous = ChainHash(
        previous, RawQuery(path, fmt::format("SELECT content FROM chain WHERE id = {}", row)));
    std::string error =
        RawExec(path, fmt::format("UPDATE chain SET hash = '{}' WHERE id = {}", previous, row));
    if (!error.empty()) {
      return error;
    }
  }
  return "";
}

}  // namespace esep::storage::internal
