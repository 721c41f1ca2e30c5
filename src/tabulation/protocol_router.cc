#include "tabulation/protocol_router.h"

#include <algorithm>

#include "protocol/protocol_order.h"

namespace esep::tabulation {

Result<ProtocolRouter> ProtocolRouter::Create(const model::ElectionDefinition& definition) {
  ASSIGN_OR_RETURN(Tabulator tabulator, Tabulator::Create(definition));
  ASSIGN_OR_RETURN(SummaryReconciler reconciler, SummaryReconciler::Create(definition));
  return ProtocolRouter(std::move(tabulator), std::move(reconciler));
}

ProtocolRoute ProtocolRouter::RouteOf(const protocol::Protocol& protocol) const {
  if (tabulator_.IsAtOrAfterLastPrecinct(protocol.commission_id)) {
    return ProtocolRoute::kPrecinct;  // without hashing the id: most protocols come in tree order
  }
  return reconciler_.IsSummaryCommission(protocol.commission_id) ? ProtocolRoute::kSummary
                                                                 : ProtocolRoute::kPrecinct;
}

Status ProtocolRouter::Check(const protocol::Protocol& protocol) {
  return RouteOf(protocol) == ProtocolRoute::kSummary ? reconciler_.Check(protocol)
                                                      : tabulator_.Check(protocol);
}

Result<ProtocolRoute> ProtocolRouter::Add(const protocol::Protocol& protocol) {
  const ProtocolRoute route = RouteOf(protocol);
  if (route == ProtocolRoute::kSummary) {
    RETURN_IF_ERROR(reconciler_.Check(protocol));
    summaries_.push_back(protocol);
  } else {
    RETURN_IF_ERROR(tabulator_.Add(protocol));
  }
  return route;
}

void ProtocolRouter::OrderSummaries() {
  std::stable_sort(summaries_.begin(), summaries_.end(), protocol::ByCommissionThenDistrict);
}

Result<std::vector<Reconciliation>> ProtocolRouter::Reconcile() const {
  std::vector<Reconciliation> reconciliations;
  reconciliations.reserve(summaries_.size());
  for (const protocol::Protocol& summary : summaries_) {
    ASSIGN_OR_RETURN(Reconciliation reconciliation, reconciler_.Reconcile(tabulator_, summary));
    reconciliations.push_back(std::move(reconciliation));
  }
  return reconciliations;
}

}  // namespace esep::tabulation
