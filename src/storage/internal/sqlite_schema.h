// The SQLite layout of a store (format version 6, docs/formats/store.md) and the check made
// when a store is opened: create the tables in an empty file, bring a store of format 4 or 5 to
// format 6 (when opened for writing), refuse a database that is not an esep store or has a
// format version this build does not know.
//
// Not thread-safe (it runs on the caller's connection).

#pragma once

#include <chrono>
#include <string_view>

#include "base/result.h"
#include "storage/internal/sqlite.h"

namespace esep::storage::internal {

// Puts `db` in WAL mode with synchronous=FULL and `busy_timeout`, then creates the schema if
// the database is empty, or checks its format version and migrates a store of format 4 or
// 5 to format 6 in one transaction (not when `read_only`: an older store is then read as it is).
// Returns the store's format version (4 or 5 only when read-only). Errors: kFailedPrecondition for
// a database that is not an esep store or has another format version; kDataLoss for a file that is
// not a database; kUnavailable when it is locked or WAL cannot be enabled.
Result<int> PrepareStore(Database& db, std::chrono::milliseconds busy_timeout, bool read_only);

// Whether `db` has the table `name` (a store of an older format lacks the newer tables).
Result<bool> HasTable(const Database& db, std::string_view name);

// For a bulk write by a connection that has the store to itself: switches `db` from WAL to
// SQLite's rollback journal (TRUNCATE), in which every new page is written once, into the
// database file, where WAL writes it to the log and copies it again at a checkpoint. Commits
// stay atomic and synced (synchronous=FULL): a process killed during a commit leaves a hot
// journal, which the next connection rolls back. SQLite refuses the switch while another
// connection has the store open; then `db` stays in WAL mode, its automatic checkpoint off (the
// log is copied once, at close), and this returns false. True when the switch was made; call
// LeaveBulkJournal before closing.
Result<bool> EnterBulkJournal(Database& db);

// Switches a store that EnterBulkJournal put in the rollback journal back to WAL (removing the
// journal file). Failing that (a busy store), the store stays readable and writable, and the
// next connection that opens it for writing switches it (PrepareStore).
void LeaveBulkJournal(Database& db);

}  // namespace esep::storage::internal
