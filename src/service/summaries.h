// Summary protocols reconciled live (issue 12): a territorial, regional, district commission's
// or the CEC's own summary protocol goes through the same double entry as a precinct's, and is
// compared, figure by figure, with the sum of the precinct protocols accepted below it so far
// (tabulation::SummaryReconciler: the sum the published result is computed from). The observers
// saw territorial officials leave precinct figures out of the summary table; here a difference
// is on the commission's screen while it types, and blocks the chair's approval until a
// decision explains it.
//
// Which values of the summary are compared (SummaryView::compared):
//   definitive  both entries identical, awaiting approval: what the chair is about to approve
//   approved    the version in force (nothing definitive under way)
//   none        nothing to compare yet: the children's sums are still shown, which is what the
//               summary should say
//
// Cost: each call tabulates every accepted protocol of the store (service::TabulateStore), as
// `esep report` does: measured 0.02-0.07 s a call over HTTP on stores of 8,000 and 20,446
// accepted protocols (a whole election), for a territorial commission's summary and the CEC's
// alike (docs/benchmarks.md). A summary is approved a few hundred times in an election, and its
// page is read on demand.
//
// Example:
//   ASSIGN_OR_RETURN(std::vector<SummaryView> views,
//                    ReconcileCommissionSummaries(store, desk, "TEC-1"));

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "data_entry/protocol_entry_state.h"
#include "protocol/protocol.h"
#include "service/entries.h"
#include "storage/store.h"

namespace esep::service {

enum class SummaryCompared { kNone, kDefinitive, kApproved };

// "none", "definitive", "approved".
std::string_view SummaryComparedName(SummaryCompared compared);

// One line of the summary's form.
struct SummaryLine {
  std::string key;                  // as in the form (data_entry::FormLine::key)
  std::optional<int64_t> summary;   // nullopt when nothing is compared, or the line is blank
  std::optional<int64_t> children;  // nullopt for a line the children's sum does not carry
  // Compared and different: summary and children both known and unequal, or the summary blank
  // where the children have a figure.
  bool differs = false;
};

struct SummaryView {
  std::string protocol_id;  // "TEC-1:list"
  std::string commission_id;
  protocol::ContestRef contest;
  data_entry::EntryStatus status = data_entry::EntryStatus::kEmpty;
  int64_t version = 0;
  SummaryCompared compared = SummaryCompared::kNone;
  int64_t children = 0;            // precinct protocols accepted below so far
  int64_t expected = 0;            // precinct protocols the unit will have
  std::vector<SummaryLine> lines;  // the form's lines, in the paper's order
  // The keys of the lines that differ (empty when nothing is compared).
  std::vector<std::string> differences;
  // One sentence a secretary understands (tabulation::Reconciliation::Describe), or, when
  // nothing is compared, what the children's sum stands on.
  std::string description;

  bool matches() const { return differences.empty(); }
};

// The summary protocols of `commission_id` (none for a precinct commission), each reconciled.
// kNotFound for an unknown commission; the store's errors.
Result<std::vector<SummaryView>> ReconcileCommissionSummaries(storage::Store& store,
                                                              const EntryDesk& desk,
                                                              std::string_view commission_id);

// The gate RunEntryCommand and the committer put before an approval: when `authorised` approves
// a summary protocol whose definitive values (in `state`) differ from the sum of the precinct
// protocols accepted below it, kFailedPrecondition naming the field "decision" and every
// difference, unless the approval carries a decision explaining it
// (data_entry::Approve::reconciliation). OkStatus for anything else: another command, a
// precinct's protocol, a summary that agrees, or a state Apply will refuse anyway.
Status CheckSummaryApproval(storage::Store& store, const EntryDesk& desk,
                            const AuthorisedCommand& authorised,
                            const data_entry::ProtocolEntryState& state);

}  // namespace esep::service
