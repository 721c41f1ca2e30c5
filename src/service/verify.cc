#include "service/verify.h"

#include <memory>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "results/results_snapshot.h"
#include "results/seat_decision.h"
#include "service/stored_election.h"

namespace esep::service {

namespace {

// The chain, entry by entry, against what the verifier holds; a mismatch or nothing.
Status CheckChain(storage::Store& store, const VerifyRequest& request, VerifyReport& report) {
  ASSIGN_OR_RETURN(const storage::ChainReport chain,
                   store.VerifyChain({request.expected_head, request.public_key}));
  if (!chain.ok()) {
    const storage::ChainMismatch& m = *chain.mismatch;
    // Entry 0 is a table beside the chain: the definition's files, the snapshots or the scans.
    const std::string where = m.entry != 0 ? fmt::format("audit entry {}", m.entry)
                              : m.what.starts_with("users table") ? std::string("accounts")
                              : m.what.starts_with("scans table") ? std::string("scans")
                              : m.what.find("definition") != std::string::npos
                                  ? std::string("definition")
                                  : std::string("results");
    report.mismatch = VerifyMismatch{fmt::format("{}: {}", where, m.what), m.found, m.expected};
    return OkStatus();
  }
  report.chain = VerifiedChain{.entries = chain.entries,
                               .head = chain.head_hash,
                               .rule_set = chain.rule_set.value_or(""),
                               .signatures = chain.signatures,
                               .events = chain.events,
                               .scans = chain.scans,
                               .turnout_reports = chain.turnout_reports,
                               .signed_by = chain.signed_by,
                               .signed_through = chain.signed_through,
                               .expected_head_entry = chain.expected_head_entry};
  if (!chain.rule_set.has_value()) {
    return FailedPreconditionError(fmt::format(
        "{}: the chain does not begin with a definition entry; import the election directory "
        "first: esep import --db {} ELECTION_DIR",
        request.store_path, request.store_path));
  }
  return OkStatus();
}

// One snapshot against the result recomputed from the protocols as they stood when it was
// taken; a mismatch (false) or the totals of this snapshot.
Result<bool> CheckSnapshot(const StoredElection& election, const storage::SnapshotAt& at,
                           VerifyReport& report, VerifiedTotals& totals) {
  const std::string where = fmt::format("results snapshot (entry {})", at.entry);
  const nlohmann::ordered_json stored =
      nlohmann::ordered_json::parse(at.content, nullptr, /*allow_exceptions=*/false);
  if (stored.is_discarded() || !stored.is_object()) {
    report.mismatch =
        VerifyMismatch{where + " is not valid JSON", "(unreadable)", "a results snapshot"};
    return false;
  }
  std::unordered_set<std::string> open_commissions;
  for (const storage::ProtocolKey& key : at.open_corrections) {
    open_commissions.insert(key.commission_id);
  }
  ASSIGN_OR_RETURN(
      const results::ElectionResults results,
      results::TabulateAccepted(election.definition, at.accepted, std::move(open_commissions)));
  if (!results.untabulated.empty()) {
    report.mismatch = VerifyMismatch{where + ": an accepted protocol the definition does not place",
                                     results.untabulated.front(), "(none)"};
    return false;
  }
  // The seed is read only when it is a number: a snapshot's text is data from the store, and
  // nlohmann-json's value() throws on another type.
  const auto lot_seed = stored.find("lot_seed");
  if (lot_seed != stored.end() && !lot_seed->is_number_unsigned()) {
    report.mismatch =
        VerifyMismatch{where + ": lot_seed", lot_seed->dump(), "a non-negative integer"};
    return false;
  }
  const uint64_t seed = lot_seed == stored.end() ? 0 : lot_seed->get<uint64_t>();
  ASSIGN_OR_RETURN(
      const results::SeatDecision seats,
      results::DecideSeats(*election.definition, results.rule_set, *results.tabulator, seed));
  const nlohmann::ordered_json recomputed =
      results::MakeResultsSnapshot(results, seats, {election.sha256, at.previous_hash, seed});
  if (std::optional<results::SnapshotMismatch> m = results::FirstMismatch(stored, recomputed)) {
    report.mismatch =
        VerifyMismatch{fmt::format("{}: {}", where, m->where), m->stored, m->recomputed};
    return false;
  }
  totals.snapshots += 1;
  totals.last_snapshot_entry = at.entry;
  totals.units = static_cast<int64_t>(recomputed["units"].size());
  totals.seats = results.rule_set.list.seats + results.rule_set.district_seats;
  totals.protocols =
      static_cast<int64_t>(results.precinct_protocols.size() + results.summary_protocols.size());
  totals.status = results.status();
  return true;
}

// Every snapshot ever recorded, in chain order; a mismatch or the totals verified.
Status CheckSnapshots(const std::string& store_path, storage::Store& store,
                      const StoredElection& election, VerifyReport& report) {
  VerifiedTotals totals;
  bool matched = true;
  const Status walked = store.ForEachSnapshot([&](const storage::SnapshotAt& at) -> Status {
    ASSIGN_OR_RETURN(matched, CheckSnapshot(election, at, report, totals));
    // A mismatch ends the walk; it is in the report, so kCancelled only stops the walk.
    return matched ? OkStatus() : CancelledError("a snapshot does not recompute");
  });
  if (!matched) {
    return OkStatus();
  }
  RETURN_IF_ERROR(walked);
  if (totals.snapshots == 0) {
    return FailedPreconditionError(fmt::format(
        "{}: no results have been recorded in this store, so there are no totals to check "
        "(esep import records them)",
        store_path));
  }
  report.totals = totals;
  return OkStatus();
}

}  // namespace

Result<VerifyReport> VerifyStore(const VerifyRequest& request) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(request.store_path));
  VerifyReport report;
  report.stopped = CheckChain(*store, request, report);
  if (!report.stopped.ok() || report.mismatch.has_value()) {
    return report;
  }
  Result<StoredElection> election = LoadStoredElection(*store, request.store_path);
  if (!election.has_value()) {
    report.stopped = election.error();
    return report;
  }
  if (election->definition->rule_set() != report.chain->rule_set) {
    report.mismatch = VerifyMismatch{
        "definition: the stored election.json names another rule set than entry 1 commits to",
        election->definition->rule_set(), report.chain->rule_set};
    return report;
  }
  report.definition =
      VerifiedDefinition{static_cast<int64_t>(election->files->size()), election->sha256};
  report.stopped = CheckSnapshots(request.store_path, *store, *election, report);
  return report;
}

}  // namespace esep::service
