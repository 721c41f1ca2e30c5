// Rows of the turnout_reports table (format 7, docs/formats/store.md): written and read back as
// storage::TurnoutRecord, one row per kept report, keyed by its chain entry. Used by the SQLite
// store (sqlite_turnout.cc) and by the chain's verifier, which compares every row with its entry.
//
// Not thread-safe: each call uses the caller's connection.

#pragma once

#include <functional>

#include "base/result.h"
#include "storage/internal/sqlite.h"
#include "storage/turnout_codec.h"

namespace esep::storage::internal {

// Inserts `record` (its entry number included). Inside the caller's transaction.
Status InsertTurnoutRow(const Database& db, const TurnoutRecord& record);

// Calls `visit` with every row, in entry order. kDataLoss naming the row for one that does not
// read back (an unknown outcome, half a decision); stops at the first error `visit` returns.
Status ForEachTurnoutRow(const Database& db,
                         const std::function<Status(const TurnoutRecord&)>& visit);

}  // namespace esep::storage::internal
