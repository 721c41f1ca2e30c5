// The chain's entries that are not submissions (formats 4 to 6, docs/formats/store.md): the
// definition the store holds results for (always entry 1), each results snapshot, each signed
// head, and (format 5) each audit event of the commission server (storage/audit_event.h). Every one
// is an entry of the same chain as the submissions, in a row of its own (internal/chain_rows.h), so
// nothing that decides a result lies outside the chain.
//
//   [1,"definition","<definition sha256>","<rule set>"]
//   [n,"results","<sha256 of the snapshot's content in the results table>"]
//   [n,"signature",n-1,"<head at entry n-1>","<public key>","<Ed25519 signature>"]
//   [n,"event","<kind>","<user id>","<commission id>","<UTC time>","<client address>",{details}]
//   [n,"turnout","<outcome>",<version>,[...],<decision>,"<reason>","<source>"]  (format 7;
//     storage/turnout_codec.h)
//
// A signature signs SignedHeadMessage(n-1, head): entry n-1 ends the row before, whose hash (the
// head there) covers every entry before it, so one signature vouches for the whole chain up to
// it.
//
// Pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "storage/audit_event.h"

namespace esep::storage {

enum class EntryKind { kSubmission, kDefinition, kResults, kSignature, kEvent, kTurnout };

struct DefinitionEvent {
  std::string sha256;    // model::DefinitionSha256 of the files
  std::string rule_set;  // the rule set the definition names (law::RuleSet name)
};

struct ResultsEvent {
  std::string sha256;  // of the snapshot's content, stored in the results table
};

struct SignatureEvent {
  int64_t signed_entry = 0;  // always the entry before the signature
  std::string signed_hash;   // the head there: the hash of the row that entry ends
  std::string public_key;    // 64 hex digits
  std::string signature;     // 128 hex digits
};

// The kind of the entry `content`, read from its second value: "definition", "results",
// "signature", "event", "turnout", or an outcome (a submission). kDataLoss for anything else.
Result<EntryKind> EntryKindOf(std::string_view content);

std::string DefinitionEntryContent(int64_t entry, const DefinitionEvent& event);
std::string ResultsEntryContent(int64_t entry, const ResultsEvent& event);
std::string SignatureEntryContent(int64_t entry, const SignatureEvent& event);
// The details are written with their keys in ascending byte order, whatever order they are
// given in. REQUIRES: CheckEventDetails(event) is OK.
std::string EventEntryContent(int64_t entry, const AuditEvent& event);

// Each reads its kind's content back, strictly (kDataLoss naming the byte offset), and
// returns the entry number in `entry`.
Result<DefinitionEvent> DecodeDefinitionEntry(std::string_view content, int64_t& entry);
Result<ResultsEvent> DecodeResultsEntry(std::string_view content, int64_t& entry);
Result<SignatureEvent> DecodeSignatureEntry(std::string_view content, int64_t& entry);
// Also kDataLoss for an unknown kind, a time that is not FormatEventTime's, or detail keys not
// in strictly ascending order.
Result<AuditEvent> DecodeEventEntry(std::string_view content, int64_t& entry);

// What a signature entry signs: "esep signed head/1 <entry> <hash>" (ASCII, no newline).
std::string SignedHeadMessage(int64_t entry, std::string_view hash);

}  // namespace esep::storage
