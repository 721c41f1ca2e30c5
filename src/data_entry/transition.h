// Apply: the double-entry state machine of one protocol as one pure function — a state and a
// command in, the next state and the audit events it implies out, or the status that refuses
// the command. docs/double-entry.md has the transition table; transition_test.cc checks every
// cell of it.
//
// Pure; thread-safe. The caller stores the new state and its events in one transaction,
// conditional on the version it read (so two browsers cannot both win).

#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "data_entry/command.h"
#include "data_entry/form_definition.h"
#include "data_entry/protocol_entry_state.h"

namespace esep::data_entry {

enum class AuditEventKind {
  kEntryClaimed,
  kEntrySaved,        // keys: the lines whose values changed
  kEntryFinalised,    // rules: the warnings acknowledged
  kEntryHasErrors,    // rules: the errors the typist confirmed are on the paper
  kEntriesIdentical,  // entry 0: both entries agree; the protocol is definitive
  kEntriesDifferent,  // entry 0; keys: the lines that differ
  kEntryDiscarded,    // entry: the number it had
  kEntryRenumbered,   // entry 2 became entry 1 (the other was discarded)
  kEntryKept,         // the coordinator kept it
  kEntryReturned,     // keys: the lines cleared
  kApproved,          // entry 0
  kCorrectionOpened,  // entry 0; detail: the decision
};

// "entry_claimed", ...
std::string_view AuditEventKindName(AuditEventKind kind);

struct AuditEvent {
  AuditEventKind kind = AuditEventKind::kEntryClaimed;
  std::string actor;  // the user who sent the command
  int entry = 0;      // 1 or 2; 0 for the protocol as a whole
  std::vector<std::string> keys;
  std::vector<std::string> rules;
  std::string detail;

  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

struct Transition {
  ProtocolEntryState state;  // version = the old version + 1
  std::vector<AuditEvent> events;
};

// Applies `command` to `state` of the protocol whose form is `form`. The checks, in order:
//   kInvalidArgument     an entry number other than 1 or 2
//   kAborted             command.expected_version != state.version (someone changed it first)
//   kFailedPrecondition  the status does not allow the command (the message names the status
//                        and what it allows)
//   kPermissionDenied    the actor is not the claimant of the entry (save, finalise, a typist's
//                        discard), or claims entry 2 having typed entry 1
//   kInvalidArgument     malformed values, an unknown warning id, an incomplete decision
//   kFailedPrecondition  finalising an entry that is refused (FinaliseReview: blank line, all
//                        blank, all zero, an error not confirmed, a warning not acknowledged)
// Every success bumps the version by one.
Result<Transition> Apply(const FormDefinition& form, const ProtocolEntryState& state,
                         const Command& command);

// What `status` allows, as the sentence the refusals quote.
std::string_view AllowedCommands(EntryStatus status);

}  // namespace esep::data_entry
