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
  std::string head_hash;  // the last matching entry's hash (the genesis hash for none);
                          // publish it: only a known head detects a truncated log
  std::optional<ChainMismatch> mismatch;  // the first mismatch, if any
  // The recorded definition's SHA-256 once it was recomputed from the stored files and
  // matched; nullopt when none is recorded (or it did not match: see mismatch).
  std::optional<std::string> definition_sha256;

  bool ok() const { return !mismatch.has_value(); }
};

}  // namespace esep::storage
