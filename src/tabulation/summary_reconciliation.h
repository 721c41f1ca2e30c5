// Summary reconciliation: a higher commission's own summary protocol (the territorial
// commission's summary table, a regional or district commission's, the CEC's) compared figure by
// figure with the sum of the precinct protocols below it. The observers' seeds describe exactly
// this step being skipped; here every difference is a finding shown at that commission's level.
//
// Which sum a summary is compared with:
//   CEC, party list            -> the national tally
//   regional commission, list  -> its region's tally
//   territorial commission, list -> its own tally
//   district commission, its district's contest -> that district's tally
// Anything else (a precinct, a contest the commission does not tabulate) is refused.
//
// Example:
//   ASSIGN_OR_RETURN(SummaryReconciler reconciler, SummaryReconciler::Create(definition));
//   ASSIGN_OR_RETURN(Reconciliation r, reconciler.Reconcile(tabulator, summary));
//   for (const SummaryDifference& d : r.differences) { ... }

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/id_index.h"
#include "base/result.h"
#include "model/election_definition.h"
#include "protocol/protocol.h"
#include "tabulation/tabulator.h"

namespace esep::tabulation {

// One figure on which the summary and the sum of the children disagree.
struct SummaryDifference {
  std::string figure;  // "ballots issued in the premises", "votes for Amanat", ...
  int64_t summary = 0;
  int64_t children = 0;
};

struct Reconciliation {
  std::string commission_id;
  protocol::ContestRef contest;
  int64_t children = 0;  // precinct protocols in the sum so far
  int64_t expected = 0;  // precinct protocols the unit will have
  std::vector<SummaryDifference> differences;

  bool matches() const { return differences.empty(); }
  // One sentence a commission secretary understands, e.g. "TEC-N's summary protocol (list)
  // differs from the sum of its 40 of 40 precinct protocols: ballots issued in the premises
  // 1,204 on the summary, 1,198 in the precincts (+6)."
  std::string Describe() const;
};

class SummaryReconciler {
 public:
  // Indexes the definition's higher commissions. The definition must outlive the reconciler.
  static Result<SummaryReconciler> Create(const model::ElectionDefinition& definition);

  // True when `commission_id` is a commission above the precincts.
  bool IsSummaryCommission(const std::string& commission_id) const;

  // OkStatus when `summary` is a protocol this definition expects from a higher commission: the
  // commission is above the precincts, the contest is one it tabulates and the ballot has the
  // definition's number of choices. Otherwise kInvalidArgument naming the commission and the
  // rule. Reconcile accepts exactly what Check accepts.
  Status Check(const protocol::Protocol& summary) const;

  // Compares `summary` with the matching tally of `tabulator`. kInvalidArgument, naming the
  // commission, when it is not a higher commission of the definition or the contest is not one
  // it tabulates, or when the summary's ballot has a different number of choices.
  Result<Reconciliation> Reconcile(const Tabulator& tabulator,
                                   const protocol::Protocol& summary) const;

  // The tally of `tabulator` that `summary` is compared with (its `sum` names the unit, its
  // `protocols` and `expected` count the precincts), after Check; errors as Reconcile.
  Result<const Tally*> TallyFor(const Tabulator& tabulator,
                                const protocol::Protocol& summary) const;

 private:
  explicit SummaryReconciler(const model::ElectionDefinition& definition)
      : definition_(&definition) {}

  // The definition's index of the higher commission `commission_id`, if it is one.
  std::optional<size_t> FindHigher(std::string_view commission_id) const;
  // The id of higher_[position]: what commission_index_ compares.
  auto HigherId() const {
    return [this](uint32_t position) -> std::string_view {
      return definition_->commissions()[higher_[position]].id;
    };
  }

  const model::ElectionDefinition* definition_;
  // The higher commissions (every level above the precincts), as indices into the definition's
  // commissions, and an index of their ids: every protocol is looked up here to route it, so
  // a compact index without a string per entry (base/id_index.h).
  std::vector<uint32_t> higher_;
  IdIndex commission_index_;
  std::unordered_map<std::string, size_t> territorial_index_;
};

}  // namespace esep::tabulation
