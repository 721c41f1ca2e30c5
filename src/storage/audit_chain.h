// The audit chain: the canonical content of one kept submission (an entry) and how the chain's
// rows of entries are chained (hash_r = SHA-256(hash_{r-1} + content_r), hashes as lowercase
// hex text, hash_0 the SHA-256 of kGenesis; rows: internal/chain_rows.h). docs/formats/store.md
// gives the same in prose so that a store can be checked with the sqlite3 shell and sha256sum.
//
// Pure functions; thread-safe.

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/protocol.h"
#include "protocol/validation.h"
#include "storage/submission.h"

namespace esep::storage {

// The text whose SHA-256 is hash_0. Still "format 4" in formats 5 and 6, which only added tables
// and the event entries: a migrated store keeps its hashes and heads.
inline constexpr std::string_view kGenesis = "esep audit log genesis, format 4";

// Everything one entry records about a kept submission, as text ready to be written.
struct EntryFields {
  int64_t entry = 0;  // the submission id, 1, 2, ...
  Outcome outcome = Outcome::kRejected;
  int64_t version = 0;        // created (accepted) or matched (unchanged); 0 if rejected
  std::string_view protocol;  // canonical protocol text (storage/protocol_codec.h)
  const std::optional<protocol::Decision>* decision = nullptr;  // null or nullopt: no decision
  std::string_view findings;                                    // EncodeFindings' text
  std::string_view reason;  // why it was rejected; empty otherwise
  std::string_view source;  // where it came from
};

// Appends the canonical content of an entry:
//   [entry,"outcome",version,<protocol>,null|["number","date","commission","reason"],
//    <findings>,"reason","source"]
// `protocol` and `findings` are inserted as they are (they are canonical JSON already).
void AppendEntryContent(std::string& out, const EntryFields& fields);
std::string EntryContent(const EntryFields& fields);

// The same content in three pieces, so that the pieces that do not depend on the store's
// state can be written ahead, on another thread: AppendEntryContent is exactly
// AppendEntryHead, then AppendEntryBody, then AppendEntryTail.
//   head: [entry,"outcome",version,
//   body: <protocol>,null|[...],<findings>,
//   tail: "reason","source"]
void AppendEntryHead(std::string& out, int64_t entry, Outcome outcome, int64_t version);
void AppendEntryBody(std::string& out, std::string_view protocol,
                     const std::optional<protocol::Decision>& decision, std::string_view findings);
void AppendEntryTail(std::string& out, std::string_view reason, std::string_view source);

// An entry read back from its content.
struct DecodedEntry {
  int64_t entry = 0;
  Outcome outcome = Outcome::kRejected;
  int64_t version = 0;
  protocol::Protocol protocol;
  std::string_view protocol_text;  // the canonical protocol within the decoded content
  std::optional<protocol::Decision> decision;
  std::vector<protocol::Finding> findings;
  std::string_view findings_text;  // the findings' text within the decoded content
  std::string reason;
  std::string source;
};

// Parses AppendEntryContent's text back. `content` must outlive the result's views. Anything
// the writer would not have written is kDataLoss naming the byte offset.
Result<DecodedEntry> DecodeEntry(std::string_view content);

// The start of an entry: what the store's in-memory index needs, read without decoding the
// rest (see DecodeEntry for the full check).
struct EntryHead {
  int64_t entry = 0;
  Outcome outcome = Outcome::kRejected;
  int64_t version = 0;
  std::string commission_id;
  protocol::ContestRef contest;
};
Result<EntryHead> DecodeEntryHead(std::string_view content);

// The protocol of an entry, read without decoding what follows it (see DecodeEntry for the
// full check).
Result<protocol::Protocol> DecodeEntryProtocol(std::string_view content);

// SHA-256 of kGenesis, in hex.
const std::string& GenesisHash();

// SHA-256(previous_hash + content) in hex: the hash of the row with this content.
std::string ChainHash(std::string_view previous_hash, std::string_view content);
// The same, without an allocation.
std::array<char, 64> ChainHashHex(std::string_view previous_hash, std::string_view content);

}  // namespace esep::storage
