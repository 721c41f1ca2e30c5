// The commission server's accounts as the store keeps them (format 5, docs/formats/store.md):
// a user with the version that guards its updates, and a session with when it ended.
//
// The records themselves are access::User and access::Session (access/user.h, access/session.h);
// the rules for names, passwords and expiry are there. The store keeps the rows, refuses a
// stale update (the version), and writes an audit event of the chain for every change to a user.
//
// Plain data, copied freely.

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "access/session.h"
#include "access/user.h"
#include "storage/audit_event.h"

namespace esep::storage {

struct StoredUser {
  access::User user;
  // 1 when added, one more with every change: Store::UpdateUser refuses an update made from an
  // older version (kAborted), so two administrators cannot both win.
  int64_t version = 0;
};

struct StoredSession {
  access::Session session;
  // When the session was ended (logout, or its user disabled); nullopt while it is open.
  std::optional<std::chrono::sys_seconds> ended_at;
};

// The audit event recording that `user` was added (details: the new user's id, login name,
// display name, role and commission; never the password hash).
AuditEvent UserAddedEvent(const access::User& user, const EventActor& actor);

// The audit event recording the change from `before` to `after`, or nullopt when nothing
// changed. Its kind: password_reset when the hash changed and a change is now required,
// password_changed when the hash changed otherwise, user_disabled when the account was
// disabled, user_changed for anything else. Details: the user's id and login name, "changed"
// (the names of the fields that changed, comma-separated, in the order of access::User) and the
// new value of every changed field but the hash.
std::optional<AuditEvent> UserChangeEvent(const access::User& before, const access::User& after,
                                          const EventActor& actor);

}  // namespace esep::storage
