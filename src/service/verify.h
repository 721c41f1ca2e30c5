// Verify: recompute everything a store says and find the first thing that does not recompute
// exactly — the audit chain (every hash, every accepted protocol against its entry), the
// definition against its SHA-256, and every total at every level and every seat against the
// results snapshot recorded when they were published. What `esep verify` does.
//
// The checks run in that order and stop at the first mismatch. Each check that passes fills its
// part of the report, so a front door can show how far verification got.
//
// Example:
//   ASSIGN_OR_RETURN(VerifyReport report, VerifyStore("results.db"));
//   if (report.mismatch) { ... report.mismatch->what ... }
//   RETURN_IF_ERROR(report.stopped);

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "results/result_status.h"

namespace esep::service {

struct VerifiedChain {
  int64_t entries = 0;
  std::string head;
};

struct VerifiedDefinition {
  int64_t files = 0;
  std::string sha256;
};

struct VerifiedTotals {
  int64_t units = 0;      // result units in the snapshot
  int64_t seats = 0;      // list and district seats
  int64_t protocols = 0;  // accepted protocols recomputed from
  results::ResultStatus status = results::ResultStatus::kPreliminary;
};

// Where a recomputed value differs from what the store holds.
struct VerifyMismatch {
  std::string what;  // "audit entry 12: protocol", "results snapshot: national, list: ..."
  std::string stored;
  std::string recomputed;
};

struct VerifyReport {
  std::optional<VerifiedChain> chain;            // set when the chain recomputed exactly
  std::optional<VerifiedDefinition> definition;  // set when the definition did
  std::optional<VerifiedTotals> totals;          // set when every total and seat did
  std::optional<VerifyMismatch> mismatch;        // the first mismatch, when there is one
  // Why verification stopped short without a mismatch (no snapshot recorded, a store error).
  Status stopped;

  bool ok() const { return !mismatch.has_value() && stopped.ok() && totals.has_value(); }
};

// Errors only when the store cannot be opened (kNotFound when there is no such file).
Result<VerifyReport> VerifyStore(const std::string& store_path);

}  // namespace esep::service
