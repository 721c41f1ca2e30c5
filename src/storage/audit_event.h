// AuditEvent: one thing a person did on the commission server (a login, a change to an
// account, an entry saved), kept as an entry of the store's hash chain (format 5,
// docs/formats/store.md) so that `esep verify` covers it like every submission.
//
// An event names who (the acting user's id, "cli" for `esep users`), for which commission, when
// (UTC, to the second), from where (the client's address, "local" for the command line), and a
// few details as string pairs. It never holds a password, a password hash or a session token:
// the store refuses details under those names (CheckEventDetails), and the details of the
// account events are made by the store itself from the fields that changed, never from the hash.
//
// Plain data and pure functions; thread-safe.

#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace esep::storage {

enum class EventKind {
  kLogin,
  kLoginFailed,
  kLogout,
  kUserAdded,
  kUserChanged,
  kUserDisabled,
  kPasswordReset,
  kPasswordChanged,
  kEntryClaimed,
  kEntrySaved,
  kEntryFinalised,
  kEntryDiscarded,
  kResolution,
  kApproval,
  kCorrection,
  kScanUploaded,
  kPublication,
};

inline constexpr std::array<EventKind, 17> kAllEventKinds = {
    EventKind::kLogin,         EventKind::kLoginFailed,     EventKind::kLogout,
    EventKind::kUserAdded,     EventKind::kUserChanged,     EventKind::kUserDisabled,
    EventKind::kPasswordReset, EventKind::kPasswordChanged, EventKind::kEntryClaimed,
    EventKind::kEntrySaved,    EventKind::kEntryFinalised,  EventKind::kEntryDiscarded,
    EventKind::kResolution,    EventKind::kApproval,        EventKind::kCorrection,
    EventKind::kScanUploaded,  EventKind::kPublication};

// The kind's name in the chain: "login", "login_failed", "logout", "user_added",
// "user_changed", "user_disabled", "password_reset", "password_changed", "entry_claimed",
// "entry_saved", "entry_finalised", "entry_discarded", "resolution", "approval", "correction",
// "scan_uploaded", "publication".
std::string_view EventKindName(EventKind kind);
std::optional<EventKind> ParseEventKind(std::string_view name);

// Who did it, where from and when: what every event of one request shares.
struct EventActor {
  std::string user_id;        // the acting user's id; "cli" for the command line
  std::string commission_id;  // the commission the action was for ("" when none)
  std::chrono::sys_seconds time{};
  std::string client_address;  // "192.0.2.7"; "local" for the command line
  friend bool operator==(const EventActor&, const EventActor&) = default;
};

struct AuditEvent {
  EventKind kind = EventKind::kLogin;
  EventActor actor;
  // A small JSON object of strings, written with its keys in ascending byte order (the store
  // sorts them); each key at most once.
  std::vector<std::pair<std::string, std::string>> details;
  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

// An event as the chain holds it, with its entry number.
struct RecordedEvent {
  int64_t entry = 0;
  AuditEvent event;
};

// kInvalidArgument when a detail key is empty, repeated, or one of the names a secret would be
// given ("password", "password_hash", "hash", "token", "session", "session_token", "secret"),
// or when a key or value is not UTF-8. Store::AppendEvents checks every event with it.
Status CheckEventDetails(const AuditEvent& event);

// ISO 8601 in UTC to the second: "2026-12-07T02:23:56Z".
std::string FormatEventTime(std::chrono::sys_seconds time);
// Reads exactly what FormatEventTime writes (a valid date, hours < 24, minutes and seconds
// < 60); nullopt otherwise.
std::optional<std::chrono::sys_seconds> ParseEventTime(std::string_view text);

}  // namespace esep::storage
