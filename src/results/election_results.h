// ElectionResults: everything the published result of an election consists of, computed from
// its definition and its accepted protocols — the tallies at every level, the summary
// protocols of higher commissions reconciled against their precincts, the cross-contest checks
// of each precinct, and the status (preliminary or final). Used by `esep report`, `export`
// and `verify`, which all recompute from the stored protocols rather than trust a stored sum.
//
// Example:
//   ASSIGN_OR_RETURN(ElectionResults results,
//                    TabulateAccepted(definition, store->AcceptedProtocols(), open));
//   results.tabulator->national();

#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "law/rule_set.h"
#include "model/election_definition.h"
#include "protocol/protocol.h"
#include "protocol/validation.h"
#include "results/result_status.h"
#include "tabulation/summary_reconciliation.h"
#include "tabulation/tabulator.h"

namespace esep::results {

struct ElectionResults {
  std::shared_ptr<const model::ElectionDefinition> definition;
  law::RuleSet rule_set;
  std::optional<tabulation::Tabulator> tabulator;           // always set; refers to *definition
  std::vector<protocol::Protocol> precinct_protocols;       // by commission id, then district
  std::vector<protocol::Protocol> summary_protocols;        // of commissions above the precincts
  std::vector<tabulation::Reconciliation> reconciliations;  // one per summary protocol
  std::vector<protocol::Finding> precinct_findings;         // the precinct-scope ratios (KZ-10)
  std::vector<std::string> untabulated;  // accepted protocols that do not fit the definition
  std::unordered_set<std::string> open_corrections;  // commission ids

  ResultStatus status() const;
  // Why the status is preliminary (one sentence each); empty when final.
  std::vector<std::string> PreliminaryReasons() const;
};

// Tabulates `accepted` (the latest accepted version of each protocol) against `definition`.
// Precinct protocols go into the tallies; summary protocols of higher commissions are
// reconciled after every precinct protocol is in. A protocol that fits neither is listed in
// `untabulated` with its reason (the import refuses such protocols, so a stored one means the
// definition and the store disagree). kFailedPrecondition for an unknown rule set or a
// definition without precincts.
Result<ElectionResults> TabulateAccepted(
    std::shared_ptr<const model::ElectionDefinition> definition,
    std::vector<protocol::Protocol> accepted, std::unordered_set<std::string> open_corrections);

}  // namespace esep::results
