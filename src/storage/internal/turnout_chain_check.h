// The verifier's part for turnout reports (format 7, docs/formats/store.md, "The audit chain"):
// each turnout entry of the chain must read back and follow the acceptance rules (versions 1,
// 2, ... per precinct and time, a complete decision for each correction, counts that stay
// cumulative, an unchanged report repeating the accepted count, a rejected one with version 0
// and a reason), and the turnout_reports table must hold exactly the chain's turnout entries,
// row for entry.
//
// Not thread-safe; one per verification.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "storage/chain_report.h"
#include "storage/internal/sqlite.h"

namespace esep::storage::internal {

class TurnoutChainCheck {
 public:
  // Checks the turnout entry `id` whose content is `content`, in chain order; the mismatch, or
  // nullopt.
  std::optional<ChainMismatch> CheckEntry(int64_t id, std::string_view content);

  // Once every row is checked: compares the turnout_reports table of `db` (a store older than
  // format 7 has none, and then no turnout entry) with the entries seen; the first mismatch, or
  // nullopt. An error only when the table cannot be read.
  Result<std::optional<ChainMismatch>> CompareTable(const Database& db);

  // The turnout entries seen so far.
  int64_t entries() const { return static_cast<int64_t>(contents_.size()); }

 private:
  struct Latest {
    int64_t voters = 0;
    int64_t version = 0;
  };
  // The latest accepted report of each precinct, by time.
  std::map<std::string, std::map<std::string, Latest>> accepted_;
  // Each turnout entry's canonical text, by entry number.
  std::map<int64_t, std::string> contents_;
};

}  // namespace esep::storage::internal
