// VerifyChain for the SQLite store: recomputes the audit chain and compares the accepted
// protocols table with what the audit log records, entry by entry (docs/formats/store.md,
// "Verifying a store").
//
// Not thread-safe (it runs on the caller's connection).

#pragma once

#include "base/result.h"
#include "storage/chain_report.h"
#include "storage/internal/sqlite.h"
#include "storage/store.h"

namespace esep::storage::internal {

// Reads the store in one read transaction and returns the report; an error only when the
// database cannot be read.
Result<ChainReport> VerifySqliteChain(Database& db, const ChainExpectations& expect);

}  // namespace esep::storage::internal
