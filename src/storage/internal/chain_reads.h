// Reads of the whole chain for the SQLite store: every kept submission (Store::Submissions), and
// the chain replayed from its first entry to give each results snapshot the protocols it was
// computed from — the store's rules (internal/store_state.h) applied entry by entry, and at each
// results entry the latest accepted versions and the open corrections as they stood there
// (Store::ForEachSnapshot, Store::LatestSnapshot).
//
// Not thread-safe (it runs on the caller's connection).

#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/result.h"
#include "storage/internal/sqlite.h"
#include "storage/store.h"
#include "storage/submission.h"

namespace esep::storage::internal {

// Calls `visit` at every results entry, or only at `only_entry` when it is not 0, in one read
// transaction. Stops at the first error, `visit`'s included.
Status ReplaySnapshots(Database& db, int64_t only_entry,
                       const std::function<Status(const SnapshotAt&)>& visit);

// Every kept submission in chain order (the other entries skipped), in one read transaction.
// kDataLoss naming the row for one that does not parse back.
Result<std::vector<SubmissionRecord>> ReadSubmissions(Database& db);

}  // namespace esep::storage::internal
