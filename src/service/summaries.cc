#include "service/summaries.h"

#include <utility>
#include <variant>

#include <fmt/format.h>

#include "base/text.h"
#include "data_entry/form_values.h"
#include "model/commission.h"
#include "results/election_results.h"
#include "service/stored_election.h"
#include "tabulation/summary_reconciliation.h"

namespace esep::service {
namespace {

using data_entry::EntryStatus;
using data_entry::FormValues;

// The values of the summary that are compared, and which they are.
std::pair<SummaryCompared, const FormValues*> ComparedValues(
    const data_entry::ProtocolEntryState& state) {
  if (state.status == EntryStatus::kDefinitive && state.first.has_value()) {
    return {SummaryCompared::kDefinitive, &state.first->values};
  }
  if (const data_entry::ApprovedVersion* in_force = state.in_force(); in_force != nullptr) {
    return {SummaryCompared::kApproved, &in_force->values};
  }
  return {SummaryCompared::kNone, nullptr};
}

// A protocol of the form's commission and contest with every count 0: what the sum of no
// precinct protocols is, and what is compared when the summary has no values yet.
protocol::Protocol EmptyProtocol(const data_entry::FormDefinition& form) {
  protocol::Protocol empty;
  empty.commission_id = form.commission_id;
  empty.contest = form.contest;
  empty.choice_votes.assign(static_cast<size_t>(form.choices()), 0);
  return empty;
}

// What a summary's reconciliation needs once per request: the tallies of the accepted
// protocols and the reconciler over them.
struct Tallies {
  results::ElectionResults results;
  tabulation::SummaryReconciler reconciler;
};

Result<Tallies> TabulateAcceptedProtocols(storage::Store& store, const EntryDesk& desk) {
  ASSIGN_OR_RETURN(results::ElectionResults results, TabulateStore(store, desk.election));
  ASSIGN_OR_RETURN(tabulation::SummaryReconciler reconciler,
                   tabulation::SummaryReconciler::Create(*desk.election.definition));
  return Tallies{std::move(results), std::move(reconciler)};
}

Result<SummaryView> Reconcile(const Tallies& tallies, const data_entry::FormDefinition& form,
                              const data_entry::ProtocolEntryState& state) {
  SummaryView view;
  view.protocol_id = form.protocol_id;
  view.commission_id = form.commission_id;
  view.contest = form.contest;
  view.status = state.status;
  view.version = state.version;
  const auto [compared, values] = ComparedValues(state);
  view.compared = compared;
  protocol::Protocol summary = EmptyProtocol(form);
  if (values != nullptr) {
    ASSIGN_OR_RETURN(summary, data_entry::ToProtocol(form, *values));
  }
  const tabulation::Tabulator& tabulator = *tallies.results.tabulator;
  ASSIGN_OR_RETURN(const tabulation::Tally* tally, tallies.reconciler.TallyFor(tabulator, summary));
  view.children = tally->protocols;
  view.expected = tally->expected;
  protocol::Protocol sum = tally->protocols > 0 ? tally->sum : EmptyProtocol(form);
  sum.commission_id = form.commission_id;
  sum.contest = form.contest;
  // Summaries do not carry the daytime turnout report, and the reconciliation does not compare
  // it (tabulation::SummaryReconciler::Reconcile): its line has no children's figure.
  sum.turnout_reported_during_day.reset();
  ASSIGN_OR_RETURN(const FormValues children, data_entry::FromProtocol(form, sum));
  for (const data_entry::FormLine& line : form.lines) {
    SummaryLine out{
        .key = line.key,
        .summary = values == nullptr ? std::nullopt : data_entry::ValueOf(*values, line.key),
        .children = data_entry::ValueOf(children, line.key)};
    out.differs = values != nullptr && out.children.has_value() && out.summary != out.children;
    if (out.differs) {
      view.differences.push_back(line.key);
    }
    view.lines.push_back(std::move(out));
  }
  if (values != nullptr) {
    ASSIGN_OR_RETURN(const tabulation::Reconciliation reconciliation,
                     tallies.reconciler.Reconcile(tabulator, summary));
    view.description = reconciliation.Describe();
  } else {
    view.description = fmt::format(
        "{}'s summary protocol ({}) has no values to compare yet; the sum of its {} "
        "of {} precinct protocols is what it should say.",
        form.commission_id, form.contest.ToString(), view.children, view.expected);
  }
  return view;
}

}  // namespace

std::string_view SummaryComparedName(SummaryCompared compared) {
  switch (compared) {
    case SummaryCompared::kNone:
      return "none";
    case SummaryCompared::kDefinitive:
      return "definitive";
    case SummaryCompared::kApproved:
      return "approved";
  }
  return "?";
}

Result<std::vector<SummaryView>> ReconcileCommissionSummaries(storage::Store& store,
                                                              const EntryDesk& desk,
                                                              std::string_view commission_id) {
  const model::Commission* commission = desk.FindCommission(commission_id);
  if (commission == nullptr) {
    return NotFoundError(
        fmt::format("no commission '{}' in the election", EscapeControlCharacters(commission_id)));
  }
  std::vector<SummaryView> views;
  if (commission->level == model::CommissionLevel::kPrecinct) {
    return views;
  }
  ASSIGN_OR_RETURN(const Tallies tallies, TabulateAcceptedProtocols(store, desk));
  for (const protocol::ContestRef& contest :
       ExpectedContests(*desk.election.definition, *commission)) {
    const std::string protocol_id = data_entry::ProtocolId(commission->id, contest);
    ASSIGN_OR_RETURN(const data_entry::FormDefinition form, FormOf(desk, protocol_id));
    ASSIGN_OR_RETURN(const data_entry::ProtocolEntryState state, store.EntryState(protocol_id));
    ASSIGN_OR_RETURN(SummaryView view, Reconcile(tallies, form, state));
    views.push_back(std::move(view));
  }
  return views;
}

Status CheckSummaryApproval(storage::Store& store, const EntryDesk& desk,
                            const AuthorisedCommand& authorised,
                            const data_entry::ProtocolEntryState& state) {
  const auto* approve = std::get_if<data_entry::Approve>(&authorised.command.action);
  if (approve == nullptr || approve->reconciliation.has_value() ||
      state.status != EntryStatus::kDefinitive) {
    return OkStatus();
  }
  const model::Commission* commission = desk.FindCommission(authorised.form->commission_id);
  if (commission == nullptr || commission->level == model::CommissionLevel::kPrecinct) {
    return OkStatus();
  }
  ASSIGN_OR_RETURN(const Tallies tallies, TabulateAcceptedProtocols(store, desk));
  ASSIGN_OR_RETURN(const SummaryView view, Reconcile(tallies, *authorised.form, state));
  if (view.matches()) {
    return OkStatus();
  }
  return FailedPreconditionError(fmt::format(
      "decision: {} Approving it needs the decision (number, date, commission, reason) that "
      "explains the difference.",
      view.description));
}

}  // namespace esep::service
