#include "service/verify.h"

#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "results/results_snapshot.h"
#include "results/seat_decision.h"
#include "service/stored_election.h"

namespace esep::service {

namespace {

// The chain, entry by entry; a mismatch or nothing.
Status CheckChain(storage::Store& store, VerifyReport& report) {
  ASSIGN_OR_RETURN(const storage::ChainReport chain, store.VerifyChain());
  if (!chain.ok()) {
    const storage::ChainMismatch& m = *chain.mismatch;
    // Entry 0 is the definition, which the chain covers before the first submission.
    const std::string where =
        m.entry == 0 ? std::string("definition") : fmt::format("audit entry {}", m.entry);
    report.mismatch = VerifyMismatch{fmt::format("{}: {}", where, m.what), m.found, m.expected};
    return OkStatus();
  }
  report.chain = VerifiedChain{chain.entries, chain.head_hash};
  return OkStatus();
}

// Every total and seat against the latest snapshot; a mismatch or the totals verified.
Status CheckTotals(const std::string& store_path, storage::Store& store,
                   const StoredElection& election, VerifyReport& report) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored_text, store.LatestResults());
  if (!stored_text.has_value()) {
    return FailedPreconditionError(fmt::format(
        "{}: no results have been recorded in this store, so there are no totals to check "
        "(esep import records them)",
        store_path));
  }
  const nlohmann::ordered_json stored =
      nlohmann::ordered_json::parse(*stored_text, nullptr, /*allow_exceptions=*/false);
  if (stored.is_discarded() || !stored.is_object()) {
    report.mismatch = VerifyMismatch{"the recorded results snapshot is not valid JSON",
                                     "(unreadable)", "a results snapshot"};
    return OkStatus();
  }
  ASSIGN_OR_RETURN(const results::ElectionResults results, TabulateStore(store, election));
  if (!results.untabulated.empty()) {
    report.mismatch = VerifyMismatch{"an accepted protocol the definition does not place",
                                     results.untabulated.front(), "(none)"};
    return OkStatus();
  }
  const uint64_t seed = stored.value("lot_seed", uint64_t{0});
  ASSIGN_OR_RETURN(
      const results::SeatDecision seats,
      results::DecideSeats(*election.definition, results.rule_set, *results.tabulator, seed));
  const nlohmann::ordered_json recomputed =
      results::MakeResultsSnapshot(results, seats, {election.sha256, report.chain->head, seed});
  if (std::optional<results::SnapshotMismatch> m = results::FirstMismatch(stored, recomputed)) {
    report.mismatch =
        VerifyMismatch{fmt::format("results snapshot: {}", m->where), m->stored, m->recomputed};
    return OkStatus();
  }
  report.totals =
      VerifiedTotals{.units = static_cast<int64_t>(recomputed["units"].size()),
                     .seats = results.rule_set.list.seats + results.rule_set.district_seats,
                     .protocols = static_cast<int64_t>(results.precinct_protocols.size() +
                                                       results.summary_protocols.size()),
                     .status = results.status()};
  return OkStatus();
}

}  // namespace

Result<VerifyReport> VerifyStore(const std::string& store_path) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(store_path));
  VerifyReport report;
  report.stopped = CheckChain(*store, report);
  if (!report.stopped.ok() || report.mismatch.has_value()) {
    return report;
  }
  Result<StoredElection> election = LoadStoredElection(*store, store_path);
  if (!election.has_value()) {
    report.stopped = election.error();
    return report;
  }
  report.definition =
      VerifiedDefinition{static_cast<int64_t>(election->files.size()), election->sha256};
  report.stopped = CheckTotals(store_path, *store, *election, report);
  return report;
}

}  // namespace esep::service
