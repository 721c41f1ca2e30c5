// ProtocolEntryState: where one protocol stands in double data entry (docs/double-entry.md) —
// its status, its two entries (who typed what, what they acknowledged), the versions the chair
// approved and the decision of an open correction, with a version number that every change
// bumps (the API's If-Match).
//
// Plain data, copied freely. Changed only through Apply (transition.h), which keeps the
// invariants written beside each status.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data_entry/form_values.h"
#include "protocol/decision.h"

namespace esep::data_entry {

// The status of one protocol. "Entry 1" and "entry 2" are the API's /entries/1 and /entries/2.
enum class EntryStatus {
  kEmpty,                  // no entry
  kFirstEntryInProgress,   // entry 1 claimed and being typed; no entry 2
  kFirstEntryHasErrors,    // entry 1 finalised with errors its typist confirmed are on the paper
  kFirstEntryDone,         // entry 1 finalised; entry 2 not claimed yet
  kSecondEntryInProgress,  // entry 1 finalised; entry 2 being typed
  kFirstEntryReturned,     // entry 1 returned to its typist after a difference; entry 2 finalised
  kEntriesDifferent,       // both finalised, different: the coordinator resolves
  kDefinitive,             // both finalised, identical, no error: awaits the chair
  kApproved,               // the chair approved: the latest approved version is in force
};

// "first_entry_in_progress": the snake_case name of the API and the audit log.
std::string_view EntryStatusName(EntryStatus status);

enum class EntryPhase { kInProgress, kFinalised };

// "in_progress", "finalised".
std::string_view EntryPhaseName(EntryPhase phase);

struct Entry {
  std::string typist;  // the user who claimed it; only they save, finalise or read it
  EntryPhase phase = EntryPhase::kInProgress;
  FormValues values;
  std::vector<std::string> acknowledged_warnings;  // at finalising: the warnings raised
  std::vector<std::string> confirmed_errors;       // at finalising: the errors on the paper

  friend bool operator==(const Entry&, const Entry&) = default;
};

// A version the chair approved. The first has no decision; each correction cites one.
struct ApprovedVersion {
  FormValues values;
  std::string first_typist;
  std::string second_typist;
  std::string approved_by;
  std::optional<protocol::Decision> decision;
  // A summary protocol approved although it differs from the sum of its accepted precinct
  // protocols: the decision that explains the difference (Approve::reconciliation).
  std::optional<protocol::Decision> reconciliation;

  friend bool operator==(const ApprovedVersion&, const ApprovedVersion&) = default;
};

struct ProtocolEntryState {
  int64_t version = 0;  // bumped by every successful command
  EntryStatus status = EntryStatus::kEmpty;
  std::optional<Entry> first;
  std::optional<Entry> second;
  std::vector<ApprovedVersion> approved;         // oldest first; never shortened
  std::optional<protocol::Decision> correction;  // the decision of the cycle under way, if any

  // The entry numbered 1 or 2, or nullptr. REQUIRES: number is 1 or 2.
  const Entry* entry(int number) const;
  // The version in force: the latest approved, or nullptr before the first approval.
  const ApprovedVersion* in_force() const;

  friend bool operator==(const ProtocolEntryState&, const ProtocolEntryState&) = default;
};

// What a typist may read: their own entry, never the other one (the second typist never sees
// the first entry's values, nor the first typist the second's). kNotFound when entry `number`
// does not exist, kPermissionDenied when `typist` did not claim it, kInvalidArgument for a
// number other than 1 or 2. Coordinators and chairs read both; the caller checks their role.
Status CheckTypistMayRead(const ProtocolEntryState& state, int number, std::string_view typist);

}  // namespace esep::data_entry
