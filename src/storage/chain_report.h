// ChainReport: what Store::VerifyChain found when it recomputed the audit chain and compared
// the accepted protocols with what the audit log says was accepted.
//
// Plain data, copied freely.

#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace esep::storage {

// The first place where the stored data and its recomputation disagree.
struct ChainMismatch {
  int64_t entry = 0;     // the entry (submission id 1, 2, ...) concerned; 0 for the definition
  std::string what;      // one sentence: what differs, naming the table, row and field
  std::string expected;  // what the chain implies: the recomputed hash, or the content's value
  std::string found;     // what is stored: the stored hash, or the column's value
};

struct ChainReport {
  int64_t entries = 0;    // entries (kept submissions) whose hash was recomputed and matched
  std::string head_hash;  // the last matching row's hash (the genesis hash for none);
                          // publish it: only a known head detects a truncated log
  std::optional<ChainMismatch> mismatch;  // the first mismatch, if any
  // The recorded definition's SHA-256 once it was recomputed from the stored files and
  // matched; nullopt when none is recorded (or it did not match: see mismatch).
  std::optional<std::string> definition_sha256;
  // The rule set the definition entry (entry 1) commits to, when there is one.
  std::optional<std::string> rule_set;
  int64_t snapshots = 0;        // results entries, each matched by its snapshot's bytes
  int64_t signatures = 0;       // signature entries, each valid
  int64_t events = 0;           // audit events (format 5), each canonical
  int64_t turnout_reports = 0;  // turnout entries (format 7), each matched by its table row
  int64_t scans = 0;            // stored scans (format 6), each matched by its bytes and its event
  std::string signed_by;        // the public key of the last signature; empty when none
  int64_t signed_through = 0;   // the last entry a valid signature covers; 0 when none
  // The entry whose hash is ChainExpectations::head, when one was expected and found.
  std::optional<int64_t> expected_head_entry;

  bool ok() const { return !mismatch.has_value(); }
};

}  // namespace esep::storage
