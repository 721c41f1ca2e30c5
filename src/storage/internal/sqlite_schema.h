// The SQLite layout of a store (format version 2, docs/formats/store.md) and the check made
// when a store is opened: create the tables in an empty file, refuse a database that is not an
// esep store or has a format version this build does not know.
//
// Not thread-safe (it runs on the caller's connection).

#pragma once

#include <chrono>

#include "base/status.h"
#include "storage/internal/sqlite.h"

namespace esep::storage::internal {

// Puts `db` in WAL mode with synchronous=FULL and `busy_timeout`, then creates the schema if
// the database is empty or checks its format version. Errors: kFailedPrecondition for a
// database that is not an esep store or has another format version; kDataLoss for a file that
// is not a database; kUnavailable when it is locked or WAL cannot be enabled.
Status PrepareStore(Database& db, std::chrono::milliseconds busy_timeout, bool read_only);

}  // namespace esep::storage::internal
