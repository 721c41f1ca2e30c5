// The audit chain: what an audit entry records about one accepted protocol version (its
// canonical content) and how entries are chained (hash_n = SHA-256(hash_{n-1} + content_n),
// hashes as lowercase hex text, hash_0 the SHA-256 of kGenesis). docs/formats/store.md gives
// the same in prose so that a store can be checked with the sqlite3 shell and sha256sum.
//
// Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/submission.h"

namespace esep::storage {

// The text whose SHA-256 is hash_0.
inline constexpr std::string_view kGenesis = "esep audit log genesis, format 1";

// Everything one audit entry records: one row of the accepted protocols table.
struct AcceptedRow {
  int64_t entry = 0;       // the audit entry, 1, 2, ...
  int64_t submission = 0;  // the submission that was accepted
  std::string commission_id;
  std::string contest;  // "list" or "district"
  int64_t district = 0;
  int64_t version = 0;
  std::string protocol;  // canonical text (storage/protocol_codec.h)
  std::optional<Decision> decision;
  std::string findings;  // the rule ids, as EncodeRuleIds writes them
  std::string source;
};

// The canonical content of the audit entry for `row`:
// {"entry":..,"submission":..,"commission_id":..,"contest":..,"district":..,"version":..,
//  "protocol":<canonical protocol>,"decision":null|{"number":..,"date":..,"commission":..,
//  "reason":..},"findings":[..],"source":..}
// `row.protocol` and `row.findings` are inserted as they are (they are JSON already).
std::string AuditContent(const AcceptedRow& row);

// SHA-256 of kGenesis, in hex.
const std::string& GenesisHash();

// SHA-256(previous_hash + content) in hex: the hash of the entry with this content.
std::string ChainHash(std::string_view previous_hash, std::string_view content);

// Where two audit contents first differ, for a report: the JSON path of the first differing
// value and both values, e.g. {"protocol.valid_ballots", "610", "611"}. Falls back to the
// first differing byte when either text is not JSON.
struct ContentDifference {
  std::string path;
  std::string expected;
  std::string found;
};
ContentDifference DescribeDifference(std::string_view expected, std::string_view found);

}  // namespace esep::storage
