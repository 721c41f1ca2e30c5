// The SQLite implementation of Store: one database file in WAL mode with synchronous=FULL, so
// an acknowledged batch survives a kill -9 of the process (and a power cut, on a disk that
// honours fsync). The layout is docs/formats/store.md.
//
// The returned Store owns one connection and is not thread-safe; see storage/store.h.

#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"
#include "storage/store.h"

namespace esep::storage {

// The format version this build reads and writes (metadata key "format_version").
inline constexpr int kStoreFormatVersion = 4;

struct SqliteStoreOptions {
  // How long a write waits for another process's transaction on the same file before it
  // fails with kUnavailable. Default: 10 seconds.
  std::chrono::milliseconds busy_timeout{10000};
  // Open for reading only (verify, report, export, audit): nothing is created or written, and
  // a store on a read-only file or directory can be read (as another user, say); every write
  // fails with kUnavailable.
  bool read_only = false;
  // For a bulk import: the write-ahead log is copied into the database once, when the store is
  // closed, instead of every few megabytes as the commits go (SQLite's automatic checkpoint,
  // which runs on the committing thread): about 8 % of an import of two million protocols
  // (docs/benchmarks.md). Every commit is still synced (synchronous=FULL); a process killed
  // before the close leaves a longer log, which the next open recovers. Not for a process that
  // keeps the store open for long (a server): its log would grow without bound.
  bool checkpoint_at_close = false;
};

// Opens the store at `path`, creating the file and its tables if missing; ":memory:" gives a
// private in-memory store (for tests). Errors: kUnavailable when the file cannot be opened or
// is locked; kDataLoss when it is not a SQLite database or is corrupt; kFailedPrecondition when
// it is a database but not an esep store, or one in a format version this build does not know.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options = {});

}  // namespace esep::storage
