// Tally: check an election's protocols against the control ratios and sum the accepted ones up
// the commission tree in memory, with no store; then decide the seats and reconcile the higher
// commissions' summary protocols. What `esep tally` does: the quick path for a whole file.
//
// A protocol that breaks an error-level ratio, or does not belong to the commission tree, is
// rejected with its reason (to `on_rejection`) and nothing of it is counted.
//
// Example:
//   ASSIGN_OR_RETURN(TallyOutcome tally, TallyProtocols({.directory = dir}, PrintReason));
//   tally.router->tabulator().national().sum;

#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/work_control.h"
#include "law/rule_set.h"
#include "model/election_definition.h"
#include "results/seat_decision.h"
#include "tabulation/protocol_router.h"
#include "tabulation/summary_reconciliation.h"

namespace esep::service {

struct TallyRequest {
  std::string directory;       // election directory (election.json, commission table)
  std::string protocols_path;  // empty: DIRECTORY/protocols.csv; .jsonl: JSON Lines
  uint64_t seed = 0;           // of any drawing of lots
};

// Where the time went, for `esep tally`'s report and the benchmark.
struct TallyTimings {
  double seconds = 0;               // the whole tally, wall clock
  double protocol_seconds = 0;      // reading, checking and summing the protocols, wall clock
  double protocol_cpu_seconds = 0;  // the same, processor time (one thread)
};

struct TallyOutcome {
  std::shared_ptr<const model::ElectionDefinition> definition;
  law::RuleSet rule_set;
  std::optional<tabulation::ProtocolRouter> router;         // always set; refers to *definition
  std::vector<tabulation::Reconciliation> reconciliations;  // one per summary protocol
  results::SeatDecision seats;
  int64_t accepted = 0;
  int64_t rejected = 0;
  int64_t warnings = 0;  // warning findings on accepted protocols
  TallyTimings timings;
};

Result<TallyOutcome> TallyProtocols(const TallyRequest& request,
                                    const std::function<void(const std::string&)>& on_rejection,
                                    const WorkControl& control = {});

}  // namespace esep::service
