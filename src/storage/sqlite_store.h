// The SQLite implementation of Store: one database file in WAL mode (see `bulk` below for the
// exception) with synchronous=FULL, so an acknowledged batch survives a kill -9 of the process
// (and a power cut, on a disk that honours fsync). The layout is docs/formats/store.md.
//
// The returned Store owns one connection and is not thread-safe; see storage/store.h.

#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"
#include "storage/store.h"

namespace esep::storage {

// The format version this build writes (metadata key "format_version"). It also reads formats 6
// (no turnout reports), 5 (no entry states either) and 4 (no accounts either): opened for
// writing, such a store is migrated to format 7 in one transaction (docs/formats/store.md);
// opened read-only, it is read as it is.
inline constexpr int kStoreFormatVersion = 7;
inline constexpr int kEntriesFormatVersion = 6;   // the first with entry states and scans
inline constexpr int kAccountsFormatVersion = 5;  // the first with accounts
inline constexpr int kOldestReadFormatVersion = 4;

struct SqliteStoreOptions {
  // How long a write waits for another process's transaction on the same file before it
  // fails with kUnavailable. Default: 10 seconds.
  std::chrono::milliseconds busy_timeout{10000};
  // Open for reading only (verify, report, export, audit): nothing is created or written, and
  // a store on a read-only file or directory can be read (as another user, say); every write
  // fails with kUnavailable.
  bool read_only = false;
  // For a bulk import by a process that has the store to itself: the store is written in
  // SQLite's rollback-journal mode until it is closed, and then returned to WAL mode, so that
  // every page is written once, into the database file (in WAL mode it is written to the log
  // and copied into the database again at a checkpoint): about 12 % of an import of two million
  // protocols (docs/benchmarks.md). Every commit is still atomic and synced
  // (synchronous=FULL); a process killed during a commit leaves a journal that the next open
  // rolls back. Meanwhile readers wait while a batch commits instead of reading beside it.
  // When another connection has the store open, SQLite keeps it in WAL mode; the log is then
  // copied into the database once, at close, instead of every few megabytes as the commits go.
  // Not for a process that keeps the store open for long (a server).
  bool bulk = false;
};

// Opens the store at `path`, creating the file and its tables if missing; ":memory:" gives a
// private in-memory store (for tests). Errors: kUnavailable when the file cannot be opened or
// is locked; kDataLoss when it is not a SQLite database or is corrupt; kFailedPrecondition when
// it is a database but not an esep store, or one in a format version this build does not know.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options = {});

}  // namespace esep::storage
