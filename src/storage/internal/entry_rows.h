// The rows of the entry_states table (format 6, docs/formats/store.md): each protocol's
// double-entry state, read and written on the caller's connection. SqliteStore::CommitEntry
// calls them inside its transaction.
//
// Not thread-safe (it runs on the caller's connection).

#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "data_entry/protocol_entry_state.h"
#include "storage/internal/sqlite.h"
#include "storage/store.h"

namespace esep::storage::internal {

// The state stored for `protocol_id`: version 0 and kEmpty when there is none. kDataLoss naming
// the row when it does not read back (DecodeEntryState) or its version column disagrees.
Result<data_entry::ProtocolEntryState> ReadEntryStateRow(const Database& db,
                                                         std::string_view protocol_id);

// The stored version of `protocol_id`'s state (0 when it has none), without reading the state:
// what a commit checks its expected version against.
Result<int64_t> ReadEntryStateVersion(const Database& db, std::string_view protocol_id);

// Every stored state, by protocol id (bytewise). Errors as ReadEntryStateRow.
Result<std::vector<StoredEntryState>> ReadEntryStateRows(const Database& db);

// What CommitEntry refuses before touching the store (kInvalidArgument): an empty protocol id,
// a negative expected version, a new state whose version is not expected_version + 1, an event
// whose details break CheckEventDetails.
Status CheckEntryCommit(const EntryCommit& commit);

// Inserts or replaces the row of `protocol_id` with `state` (its version, EncodeEntryState).
Status WriteEntryStateRow(const Database& db, std::string_view protocol_id,
                          const data_entry::ProtocolEntryState& state);

}  // namespace esep::storage::internal
