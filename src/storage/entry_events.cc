#include "storage/entry_events.h"

#include <string>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace esep::storage {

EventKind EntryEventKind(data_entry::AuditEventKind kind) {
  using data_entry::AuditEventKind;
  switch (kind) {
    case AuditEventKind::kEntryClaimed:
      return EventKind::kEntryClaimed;
    case AuditEventKind::kEntrySaved:
      return EventKind::kEntrySaved;
    case AuditEventKind::kEntryFinalised:
    case AuditEventKind::kEntryHasErrors:
      return EventKind::kEntryFinalised;
    case AuditEventKind::kEntryDiscarded:
    case AuditEventKind::kEntryRenumbered:
      return EventKind::kEntryDiscarded;
    case AuditEventKind::kEntriesIdentical:
    case AuditEventKind::kEntriesDifferent:
    case AuditEventKind::kEntryKept:
    case AuditEventKind::kEntryReturned:
      return EventKind::kResolution;
    case AuditEventKind::kApproved:
      return EventKind::kApproval;
    case AuditEventKind::kCorrectionOpened:
      return EventKind::kCorrection;
  }
  return EventKind::kResolution;
}

AuditEvent EntryAuditEvent(const data_entry::AuditEvent& event, std::string_view protocol_id,
                           const EventActor& actor) {
  AuditEvent out;
  out.kind = EntryEventKind(event.kind);
  out.actor = actor;
  // In ascending order of key, as the chain writes them.
  if (!event.detail.empty()) {
    out.details.emplace_back("detail", event.detail);
  }
  if (event.entry != 0) {
    out.details.emplace_back("entry", std::to_string(event.entry));
  }
  if (!event.keys.empty()) {
    out.details.emplace_back("keys", fmt::format("{}", fmt::join(event.keys, ",")));
  }
  out.details.emplace_back("protocol", std::string(protocol_id));
  if (!event.rules.empty()) {
    out.details.emplace_back("rules", fmt::format("{}", fmt::join(event.rules, ",")));
  }
  out.details.emplace_back("step", std::string(data_entry::AuditEventKindName(event.kind)));
  return out;
}

}  // namespace esep::storage
