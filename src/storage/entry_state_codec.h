// The stored form of a protocol's double-entry state (data_entry::ProtocolEntryState): one JSON
// object per row of the store's entry_states table (format 6, docs/formats/store.md). The
// version is its own column, not part of the text.
//
// Unlike the chain's canonical text, these bytes are never hashed: the row is the state as it
// stands, replaced at every command, while the chain keeps the events that led to it. Decoding is
// strict all the same (every member present and of its type, nothing unknown), so that a row
// changed from outside is refused rather than half read.
//
// Pure functions; thread-safe.

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "data_entry/protocol_entry_state.h"

namespace esep::storage {

// {"approved":[...],"correction":null,"first":{...},"second":null,"status":"..."}, keys in
// ascending order; state.version is not written.
std::string EncodeEntryState(const data_entry::ProtocolEntryState& state);

// The state `text` holds, with version = `version`. kDataLoss, saying what is wrong, for text
// that EncodeEntryState would not write: not JSON, a member missing, unknown or of the wrong
// type, an unknown status or phase, a value that is not a whole number from 0 to
// data_entry::kMaxLineValue or null. The caller adds which row it was.
Result<data_entry::ProtocolEntryState> DecodeEntryState(std::string_view text, int64_t version);

// "empty" -> kEmpty, ...: the inverse of data_entry::EntryStatusName; nullopt for any other.
std::optional<data_entry::EntryStatus> ParseEntryStatus(std::string_view name);

namespace internal {
// EncodeEntryState through the JSON library, for every state: what the direct writer
// (internal/entry_state_writer.h) must equal byte for byte, and what it falls back on.
std::string EncodeEntryStateWithLibrary(const data_entry::ProtocolEntryState& state);
}  // namespace internal

}  // namespace esep::storage
