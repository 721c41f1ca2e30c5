// The results snapshot: every total at every level and every seat, as esep published them, in a
// JSON document stored beside the protocols. `esep verify` recomputes the snapshot from the
// stored protocols and the definition and reports the first figure that differs — so a total
// edited in the store, or a protocol changed behind the audit chain's back, cannot go unseen.
//
// Layout (docs/formats/results-snapshot.md):
//   {"format": "esep-results-snapshot/1", "definition_sha256": ..., "chain_head": ...,
//    "lot_seed": 0, "status": ...,
//    "units": [{"level": "national", "unit": "Kazakhstan", "contest": "list",
//               "protocols": 10223, "expected": 10223, "counts": {...}, "choices": [...]}, ...],
//    "seats": {"list": [{"name": ..., "seats_won": ..., "seats": ..., "vacant": ...}],
//              "districts": [{"district": 1, "elected": "name" | null, "outcome": ...}]}}
//
// Example:
//   nlohmann::ordered_json published = MakeResultsSnapshot(results, seats, {sha256, head, seed});
//   std::optional<SnapshotMismatch> m = FirstMismatch(stored, published);

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "results/election_results.h"
#include "results/seat_decision.h"

namespace esep::results {

// What the snapshot is of: the definition, the audit chain's state when it was taken, and the
// seed of any drawing of lots (verify decides the seats again with the same seed).
struct SnapshotContext {
  std::string definition_sha256;
  std::string chain_head;
  uint64_t lot_seed = 0;
};

nlohmann::ordered_json MakeResultsSnapshot(const ElectionResults& results,
                                           const SeatDecision& seats,
                                           const SnapshotContext& context);

struct SnapshotMismatch {
  std::string where;  // "national, list: counts.valid_ballots", "seats: list Amanat seats_won"
  std::string stored;
  std::string recomputed;
};

// True when the snapshot text `stored` holds the same result as `snapshot`: everything but the
// chain head it was taken at. False for text that is not a snapshot.
bool SameResult(std::string_view stored, const nlohmann::ordered_json& snapshot);

// The first place, in document order, where `stored` and `recomputed` differ; nullopt when
// they are equal.
std::optional<SnapshotMismatch> FirstMismatch(const nlohmann::ordered_json& stored,
                                              const nlohmann::ordered_json& recomputed);

}  // namespace esep::results
