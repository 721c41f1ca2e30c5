// `esep verify --db FILE`: recompute everything the store says and report the first thing that
// does not recompute exactly — the audit chain (every hash, every accepted protocol against
// its entry), the definition against its SHA-256, and every total at every level and every
// seat against the results snapshot recorded when they were published. Exit 0 only when all
// of it recomputes exactly; 3 (data loss) at the first mismatch.

#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/stored_election.h"
#include "results/results_snapshot.h"
#include "results/seat_decision.h"

namespace esep::cli {

namespace {

struct VerifyFlags {
  std::string db;
};

Status Mismatch(const std::string& db, const std::string& what, const std::string& stored,
                const std::string& recomputed) {
  std::cout << fmt::format("MISMATCH: {}\n  stored:     {}\n  recomputed: {}\n", what, stored,
                           recomputed);
  return DataLossError(fmt::format("{}: verification failed: {}", db, what));
}

Status RunVerify(const VerifyFlags& flags) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(flags.db));

  ASSIGN_OR_RETURN(const storage::ChainReport chain, store->VerifyChain());
  if (!chain.ok()) {
    const storage::ChainMismatch& m = *chain.mismatch;
    // Entry 0 is the definition, which the chain covers before the first submission.
    const std::string where =
        m.entry == 0 ? std::string("definition") : fmt::format("audit entry {}", m.entry);
    return Mismatch(flags.db, fmt::format("{}: {}", where, m.what), m.found, m.expected);
  }
  std::cout << fmt::format("Audit chain: {} entries recomputed, head {}: ok\n",
                           GroupThousands(chain.entries), chain.head_hash);

  ASSIGN_OR_RETURN(const StoredElection election, LoadStoredElection(*store, flags.db));
  std::cout << fmt::format("Definition: {} file(s) hash to {}: ok\n", election.files.size(),
                           election.sha256);

  ASSIGN_OR_RETURN(std::optional<std::string> stored_text, store->LatestResults());
  if (!stored_text.has_value()) {
    return FailedPreconditionError(fmt::format(
        "{}: no results have been recorded in this store, so there are no totals to check "
        "(esep import records them)",
        flags.db));
  }
  const nlohmann::ordered_json stored =
      nlohmann::ordered_json::parse(*stored_text, nullptr, /*allow_exceptions=*/false);
  if (stored.is_discarded() || !stored.is_object()) {
    return Mismatch(flags.db, "the recorded results snapshot is not valid JSON", "(unreadable)",
                    "a results snapshot");
  }
  ASSIGN_OR_RETURN(const results::ElectionResults results, TabulateStore(*store, election));
  if (!results.untabulated.empty()) {
    return Mismatch(flags.db, "an accepted protocol the definition does not place",
                    results.untabulated.front(), "(none)");
  }
  const uint64_t seed = stored.value("lot_seed", uint64_t{0});
  ASSIGN_OR_RETURN(
      const results::SeatDecision seats,
      results::DecideSeats(*election.definition, results.rule_set, *results.tabulator, seed));
  const nlohmann::ordered_json recomputed =
      results::MakeResultsSnapshot(results, seats, {election.sha256, chain.head_hash, seed});
  if (std::optional<results::SnapshotMismatch> m = results::FirstMismatch(stored, recomputed)) {
    return Mismatch(flags.db, fmt::format("results snapshot: {}", m->where), m->stored,
                    m->recomputed);
  }
  std::cout << fmt::format(
      "Totals and seats: {} units and {} seats recomputed from {} accepted protocols: ok\n"
      "Status: {}\n",
      GroupThousands(static_cast<int64_t>(recomputed["units"].size())),
      GroupThousands(results.rule_set.list.seats + results.rule_set.district_seats),
      GroupThousands(static_cast<int64_t>(results.precinct_protocols.size() +
                                          results.summary_protocols.size())),
      results::ResultStatusName(results.status()));
  return OkStatus();
}

}  // namespace

void AddVerifyCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* command = app.add_subcommand(
      "verify",
      "Recompute a store's audit chain, definition, totals and seats; exit 0 only if exact.");
  command->add_option("--db", flags->db, "the store to check")->required();
  command->footer(
      "Example:\n"
      "  esep verify --db /tmp/results.db\n"
      "\n"
      "Checks, in order, and stops at the first mismatch (exit status 3):\n"
      "  1. the audit chain: every entry's SHA-256 and every accepted protocol against its entry\n"
      "     (docs/formats/store.md);\n"
      "  2. the definition files against their recorded SHA-256;\n"
      "  3. every total at every level and every seat, recomputed from the accepted protocols,\n"
      "     against the results recorded when they were published "
      "(docs/formats/results-snapshot.md).\n"
      "Publish the audit chain head it prints: a later head that does not extend it means the log\n"
      "was rewritten.");
  command->callback([flags, &run] { run = [flags] { return RunVerify(*flags); }; });
}

}  // namespace esep::cli
