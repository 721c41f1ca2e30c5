// The commission server's double data entry, as operations on a store (docs/double-entry.md):
// the desk loaded once (the stored election, its commission tree as scopes, the rule set's
// control ratios), each protocol's form, its stored state, a command run from authorisation to
// commit, and the lists and counts the server's progress pages show. No HTTP here: the server
// maps its routes and JSON onto these calls.
//
// A protocol is named by its id, "<commission id>:list" for the party-list contest and
// "<commission id>:d<N>" for district N's (data_entry::ProtocolId). Which protocols a
// commission produces follows the tabulation's routing (tabulation/protocol_router.h,
// tabulation/summary_reconciliation.h):
//   precinct commission            its party list, and its district's contest (when it lies in a
//                                  district of the definition)
//   territorial, regional, CEC     the party list (a summary of what lies below)
//   district commission            its district's contest (a summary)
//
// The desk is immutable once loaded and may be shared by threads; the store is not thread-safe
// (storage/store.h): one store per thread.
//
// Example:
//   ASSIGN_OR_RETURN(EntryDesk desk, LoadEntryDesk(*store, "results.db"));
//   ASSIGN_OR_RETURN(data_entry::Transition done,
//                    RunEntryCommand(*store, desk, user, "P-1:list", command, actor));

#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "access/action.h"
#include "access/scope.h"
#include "access/user.h"
#include "base/result.h"
#include "data_entry/command.h"
#include "data_entry/form_definition.h"
#include "data_entry/protocol_entry_state.h"
#include "data_entry/transition.h"
#include "model/commission.h"
#include "model/election_definition.h"
#include "protocol/control_ratio.h"
#include "protocol/protocol.h"
#include "service/form_cache.h"
#include "service/stored_election.h"
#include "storage/audit_event.h"
#include "storage/store.h"

namespace esep::service {

// What the server loads once: the election, its commission tree and the control ratios.
struct EntryDesk {
  StoredElection election;
  access::CommissionScopes scopes;
  std::span<const protocol::ControlRatio> ratios;  // the static catalogue of the rule set
  // Index of the definition's commissions: by id, and each commission's direct children (in the
  // definition's order).
  std::unordered_map<std::string, size_t> commission_index;
  std::unordered_map<std::string, std::vector<size_t>> children;
  // The forms of the protocols commands were authorised for (SharedFormOf).
  std::shared_ptr<FormCache> forms = std::make_shared<FormCache>();

  // The commission `id` of the definition, or nullptr.
  const model::Commission* FindCommission(std::string_view id) const;
};

// Loads the store's election (LoadStoredElection; `store_path` is for messages) and the control
// ratios of its rule set (protocol::ControlRatios). Errors as LoadStoredElection;
// kFailedPrecondition when the definition has no commission tree; kNotFound for a rule set with
// no ratio catalogue.
Result<EntryDesk> LoadEntryDesk(storage::Store& store, const std::string& store_path);

// A protocol id taken apart. kInvalidArgument unless it is "<id>:list" or "<id>:d<N>" with an
// id of letters, digits and '-' and N a whole number from 1 without leading zeros.
struct ProtocolRef {
  std::string commission_id;
  protocol::ContestRef contest;
  friend bool operator==(const ProtocolRef&, const ProtocolRef&) = default;
};
Result<ProtocolRef> ParseProtocolId(std::string_view protocol_id);

// The contests `commission` produces a protocol for (the rule in the header comment), in order
// (the party list first).
std::vector<protocol::ContestRef> ExpectedContests(const model::ElectionDefinition& definition,
                                                   const model::Commission& commission);

// The form of the protocol `protocol_id`: its lines in the paper's order (the choices named as
// the definition names them: the parties in ballot order, or the district's candidates) and the
// one-protocol control ratios. kNotFound for an id that names no protocol the definition expects
// (malformed, an unknown commission, a contest the commission does not produce);
// kFailedPrecondition when the definition lists no candidates for the district.
Result<data_entry::FormDefinition> FormOf(const EntryDesk& desk, std::string_view protocol_id);

// FormOf, built once per protocol and shared (desk.forms): the form a command is checked against.
Result<std::shared_ptr<const data_entry::FormDefinition>> SharedFormOf(
    const EntryDesk& desk, std::string_view protocol_id);

// The commission whose protocol `protocol_id` is (for a scope check); kNotFound as FormOf.
Result<std::string> CommissionOf(const EntryDesk& desk, std::string_view protocol_id);

// The stored state of `protocol_id` (version 0, kEmpty when never touched). Errors as
// storage::Store::EntryState.
Result<data_entry::ProtocolEntryState> ReadEntryState(storage::Store& store,
                                                      std::string_view protocol_id);

// Runs `command` on the protocol `protocol_id` for `user`:
//   1. the form (FormOf: kNotFound);
//   2. authorisation: the command's access::Action (claim -> kClaimEntry, save -> kSaveEntry,
//      finalise -> kFinaliseEntry, discard -> kDiscardEntry, resolve -> kResolveDifferences,
//      approve -> kApproveProtocol, open correction -> kCorrectByDecision) in the scope of the
//      protocol's commission relative to user.commission_id (access::Authorize:
//      kPermissionDenied, kUnauthenticated for a disabled user; kPermissionDenied too for a user
//      whose commission is not in the tree). The command's actor is set to user.id, and a
//      discard is made as coordinator when the user is a coordinator or chair, as typist
//      otherwise, whatever the caller set;
//   3. data_entry::Apply to the stored state (its errors, kAborted for a stale
//      command.expected_version among them);
//   4. Store::CommitEntry: the new state, its events (storage/entry_events.h, with `actor`) and,
//      when the command approved a version, that version as an accepted submission (citing its
//      decision when it is a correction; source "entry:<protocol id>"), in one transaction,
//      conditional on the stored version (kAborted when someone else's command came first).
// Returns the transition as committed.
Result<data_entry::Transition> RunEntryCommand(storage::Store& store, const EntryDesk& desk,
                                               const access::User& user,
                                               std::string_view protocol_id,
                                               data_entry::Command command,
                                               const storage::EventActor& actor);

// Steps 1 and 2 of RunEntryCommand, which need no store: the protocol's form, the user
// authorised, the command's actor and discard role set. What the committer
// (service/entry_committer.h) does on the caller's thread before queueing a command.
struct AuthorisedCommand {
  std::string protocol_id;                                 // as given
  std::shared_ptr<const data_entry::FormDefinition> form;  // never null
  data_entry::Command command;
};
Result<AuthorisedCommand> AuthoriseEntryCommand(const EntryDesk& desk, const access::User& user,
                                                std::string_view protocol_id,
                                                data_entry::Command command);

// Step 3 of RunEntryCommand and the commit it leads to: `command` applied to `state` (the
// protocol's stored state), and the storage::EntryCommit that stores the transition
// conditional on state.version. Errors of data_entry::Apply, and of the approved values'
// conversion to a protocol.
struct AppliedCommand {
  data_entry::Transition transition;
  storage::EntryCommit commit;
};
Result<AppliedCommand> ApplyEntryCommand(const AuthorisedCommand& authorised,
                                         const data_entry::ProtocolEntryState& state,
                                         const storage::EventActor& actor);

// The access::Action that authorises `action`.
access::Action AccessActionOf(const data_entry::Action& action);

// One protocol a commission expects, with where its entry stands.
struct ExpectedProtocol {
  std::string protocol_id;
  std::string commission_id;
  protocol::ContestRef contest;
  data_entry::EntryStatus status = data_entry::EntryStatus::kEmpty;
  int64_t version = 0;  // 0: never touched
  friend bool operator==(const ExpectedProtocol&, const ExpectedProtocol&) = default;
};

// The protocols of `commission_id` and of the commissions directly below it, each with its
// stored status and version: the commission's own first, then its children's in the
// definition's order. kNotFound for an unknown commission.
Result<std::vector<ExpectedProtocol>> ListCommissionProtocols(storage::Store& store,
                                                              const EntryDesk& desk,
                                                              std::string_view commission_id);

// How far the protocols of a commission and of everything below it have come, by status.
struct EntryProgress {
  int64_t not_started = 0;   // no stored state, or empty (discarded back to nothing)
  int64_t first_entry = 0;   // entry 1 being typed, or returned to its typist
  int64_t second_entry = 0;  // entry 1 done: entry 2 awaited or being typed
  int64_t different = 0;     // both entries done and different: the coordinator resolves
  int64_t has_errors = 0;    // entry 1 done with errors on the paper: the coordinator decides
  int64_t definitive = 0;    // both entries identical: awaiting the chair
  int64_t approved = 0;
  // Not part of the total: of the protocols counted above by their cycle's status, those with an
  // approved version in force and a correction cycle under way.
  int64_t in_correction = 0;
  int64_t total() const {
    return not_started + first_entry + second_entry + different + has_errors + definitive +
           approved;
  }
  friend bool operator==(const EntryProgress&, const EntryProgress&) = default;
};

// Counts every protocol expected of `commission_id` and of every commission below it (at any
// depth). kNotFound for an unknown commission.
Result<EntryProgress> ProgressCounts(storage::Store& store, const EntryDesk& desk,
                                     std::string_view commission_id);

}  // namespace esep::service
