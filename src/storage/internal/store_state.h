// The store's in-memory view of its rows: the latest accepted version of every (commission,
// contest) key and the running counts, kept between calls by SqliteStore and brought up to date
// from the rows appended since. Plain data and pure functions; not thread-safe.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/protocol.h"
#include "storage/audit_chain.h"
#include "storage/internal/key_index.h"
#include "storage/store.h"
#include "storage/submission.h"

namespace esep::storage::internal {

// What the store knows of one (commission, contest).
struct KeyState {
  int64_t version = 0;           // the latest accepted version; 0 for none
  int64_t latest_row = 0;        // the submission id of that version
  bool open_correction = false;  // the latest submission since then was rejected
};

// What the store knows from its rows, kept in memory between calls and brought up to date
// with the rows other connections appended (see SqliteStore::SyncedState).
struct StoreState {
  int64_t last_id = 0;
  std::string head_hash = GenesisHash();
  SubmissionCounts counts;
  int64_t keys_accepted = 0;
  KeyIndex<KeyState> keys;
  // The public key of the last entry when it is a signature; empty otherwise (Store::Sign
  // signs a head only once).
  std::string last_signer;
};

// Applies one kept row (submission `id`, of `outcome` and `version`) of `key_state`'s key to
// `state`.
void ApplyOutcome(StoreState& state, KeyState& key_state, Outcome outcome, int64_t version,
                  int64_t id);

// The in-memory key of (commission, contest): the commission id, then a fixed 5-byte suffix
// (the contest kind and the district), so that different keys never share a text. Written into
// `buffer`, reused across calls; the view is valid until its next use.
std::string_view KeyText(std::string& buffer, std::string_view commission_id,
                         protocol::ContestRef::Kind kind, int district);

// The key KeyText wrote, read back.
ProtocolKey KeyFromText(std::string_view key);

// Bytewise commission id, then district: the order of AcceptedProtocols.
bool KeyLess(const std::string& a_commission, int a_district, const std::string& b_commission,
             int b_district);

}  // namespace esep::storage::internal
