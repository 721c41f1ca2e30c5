// ProtocolRouter: where an accepted protocol goes. A precinct's protocol is summed into the
// tallies; a higher commission's summary protocol is kept aside, to be reconciled against the
// sum of its precincts once they are all in. This is the one place that decides it: the
// in-memory tally, the import's check that a protocol belongs to the election, and the result
// recomputed from a store all route through a ProtocolRouter.
//
// The definition must outlive the router. Not thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(ProtocolRouter router, ProtocolRouter::Create(definition));
//   for (const protocol::Protocol& p : accepted) { RETURN_IF_ERROR(router.Add(p).status()); }
//   ASSIGN_OR_RETURN(std::vector<Reconciliation> differences, router.Reconcile());

#pragma once

#include <vector>

#include "base/result.h"
#include "model/election_definition.h"
#include "protocol/protocol.h"
#include "tabulation/summary_reconciliation.h"
#include "tabulation/tabulator.h"

namespace esep::tabulation {

enum class ProtocolRoute {
  kPrecinct,  // summed into the tallies
  kSummary,   // a higher commission's summary, kept for reconciliation
};

class ProtocolRouter {
 public:
  // kFailedPrecondition when the definition has no precinct commissions.
  static Result<ProtocolRouter> Create(const model::ElectionDefinition& definition);

  // The route `protocol` would take: kSummary when its commission is above the precincts.
  ProtocolRoute RouteOf(const protocol::Protocol& protocol) const;

  // Whether `protocol` belongs to the election, adding nothing: a summary must be one its
  // commission tabulates (SummaryReconciler::Check), a precinct protocol must be the
  // precinct's own contest with the ballot's number of choices (Tabulator::Check; the store,
  // not this check, decides about a second version). kInvalidArgument naming the rule.
  Status Check(const protocol::Protocol& protocol);

  // Routes an accepted protocol: a precinct's is added to the tallies, a summary is kept.
  // kInvalidArgument, nothing added, when it does not belong or its precinct already has a
  // protocol for that contest.
  Result<ProtocolRoute> Add(const protocol::Protocol& protocol);

  const Tabulator& tabulator() const { return tabulator_; }
  // The summary protocols added, in order (of arrival, until OrderSummaries).
  const std::vector<protocol::Protocol>& summaries() const { return summaries_; }
  // Puts the summaries in the one protocol order (commission id, then district; equal keys
  // in order of arrival), so that results do not depend on the order the protocols came in.
  void OrderSummaries();

  // Each summary added, in order, against the sum of its precincts so far.
  Result<std::vector<Reconciliation>> Reconcile() const;

  // The tallies, for a result that outlives the router.
  Tabulator TakeTabulator() && { return std::move(tabulator_); }

 private:
  ProtocolRouter(Tabulator tabulator, SummaryReconciler reconciler)
      : tabulator_(std::move(tabulator)), reconciler_(std::move(reconciler)) {}

  Tabulator tabulator_;
  SummaryReconciler reconciler_;
  std::vector<protocol::Protocol> summaries_;
};

}  // namespace esep::tabulation
