// The audit events of a double-entry command (data_entry::AuditEvent) as events of the store's
// chain (storage::AuditEvent), which has one kind per kind of act:
//
//   entry_claimed                          -> entry_claimed
//   entry_saved                            -> entry_saved
//   entry_finalised, entry_has_errors      -> entry_finalised
//   entry_discarded, entry_renumbered      -> entry_discarded
//   entries_identical, entries_different,
//   entry_kept, entry_returned             -> resolution
//   approved                               -> approval
//   correction_opened                      -> correction
//
// The finer kind is kept in the details, so nothing is lost: "step" (the data_entry kind's name),
// "protocol" (the protocol id), "entry" (1 or 2; absent for the protocol as a whole), "keys" and
// "rules" (comma lists; absent when empty), "detail" (absent when empty). docs/formats/store.md.
//
// Pure functions; thread-safe.

#pragma once

#include <string_view>

#include "data_entry/transition.h"
#include "storage/audit_event.h"

namespace esep::storage {

// The chain's kind for a double-entry event's kind.
EventKind EntryEventKind(data_entry::AuditEventKind kind);

// `event` of the protocol `protocol_id`, done by `actor` (who, for which commission, when and
// from where: the same for every event of one command).
AuditEvent EntryAuditEvent(const data_entry::AuditEvent& event, std::string_view protocol_id,
                           const EventActor& actor);

}  // namespace esep::storage
