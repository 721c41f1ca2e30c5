// Verify: recompute everything a store says and find the first thing that does not recompute
// exactly — the audit chain (every hash, every accepted protocol against its entry, the
// definition entry, every snapshot's bytes, every signature), the definition against its
// SHA-256 and the rule set entry 1 commits to, then every results snapshot ever recorded:
// every total at every level and every seat, recomputed from the protocols as they stood when
// the snapshot was taken. What `esep verify` does. The store is opened read-only.
//
// What a verifier holds from outside the store makes the check stronger (docs/threat-model.md):
// a head noted or published earlier (`expected_head`) must be in the chain, and with the
// commission's public key every signature must be by it and the chain must end signed.
//
// The checks run in that order and stop at the first mismatch. Each check that passes fills its
// part of the report, so a front door can show how far verification got.
//
// Example:
//   ASSIGN_OR_RETURN(VerifyReport report, VerifyStore({.store_path = "results.db"}));
//   if (report.mismatch) { ... report.mismatch->what ... }
//   RETURN_IF_ERROR(report.stopped);

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "results/result_status.h"

namespace esep::service {

struct VerifyRequest {
  std::string store_path;
  std::optional<std::string> expected_head;  // 64 hex digits
  std::optional<std::string> public_key;     // 64 hex digits (base/ed25519.h ParsePublicKey)
};

struct VerifiedChain {
  int64_t entries = 0;
  std::string head;
  std::string rule_set;         // the rule set entry 1 commits to
  int64_t signatures = 0;       // valid signature entries
  int64_t events = 0;           // audit events of the commission server, each canonical
  int64_t scans = 0;            // protocol scans, each matching its hash and its chain event
  int64_t turnout_reports = 0;  // turnout reports, each matching its turnout_reports row
  std::string signed_by;        // the last signature's public key; empty when unsigned
  int64_t signed_through = 0;   // the last entry covered by a signature (by the expected key)
  std::optional<int64_t> expected_head_entry;  // where the expected head was found
};

struct VerifiedDefinition {
  int64_t files = 0;
  std::string sha256;
};

struct VerifiedTotals {
  int64_t snapshots = 0;            // results snapshots recomputed, all of them
  int64_t last_snapshot_entry = 0;  // the chain entry of the latest one
  int64_t units = 0;                // result units in the latest snapshot
  int64_t seats = 0;                // list and district seats
  int64_t protocols = 0;            // accepted protocols the latest was recomputed from
  results::ResultStatus status = results::ResultStatus::kPreliminary;
};

// Where a recomputed value differs from what the store holds.
struct VerifyMismatch {
  std::string what;  // "audit entry 12: protocol", "results snapshot (entry 40): national, ..."
  std::string stored;
  std::string recomputed;
};

struct VerifyReport {
  std::optional<VerifiedChain> chain;            // set when the chain recomputed exactly
  std::optional<VerifiedDefinition> definition;  // set when the definition did
  std::optional<VerifiedTotals> totals;          // set when every snapshot did
  std::optional<VerifyMismatch> mismatch;        // the first mismatch, when there is one
  // Why verification stopped short without a mismatch (no snapshot recorded, a store error).
  Status stopped;

  bool ok() const { return !mismatch.has_value() && stopped.ok() && totals.has_value(); }
};

// Errors only when the store cannot be opened (kNotFound when there is no such file).
Result<VerifyReport> VerifyStore(const VerifyRequest& request);

}  // namespace esep::service
