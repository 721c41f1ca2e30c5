// User: one account of the commission server, and the rules for its names.
//
// A user belongs to one commission and has one role (role.h). The store keeps users; the server
// and `esep users` create and change them through this record. Nothing is ever deleted: a user
// who leaves is disabled, so the audit log keeps naming who did what.
//
// A login name is 3 to 64 characters of lowercase ASCII letters, digits, '.', '_' and '-', starting
// with a letter or a digit: it appears in URLs, logs and the audit chain, so it must be one plain
// token that cannot be confused with another (no case, no look-alike letters of other scripts).
// NormalizeLoginName is applied to what a person types (at login and when an account is created)
// before the rule is checked, so "  Aigerim.K " logs in as "aigerim.k".
//
// Plain data and pure functions; thread-safe.

#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "access/role.h"
#include "base/status.h"

namespace esep::access {

inline constexpr size_t kMinLoginNameLength = 3;
inline constexpr size_t kMaxLoginNameLength = 64;
inline constexpr size_t kMaxDisplayNameBytes = 200;

struct User {
  std::string id;            // the store's id, stable for the account's life
  std::string login_name;    // unique; the rule above
  std::string display_name;  // "Aigerim Kassymova": shown, never used to identify
  Role role = Role::kObserver;
  std::string commission_id;  // the one commission the user acts for (model::Commission::id)
  bool disabled = false;      // a disabled user cannot log in; their sessions end
  // Set when an administrator creates the account or resets its password: the user must choose
  // a password of their own before doing anything else (Authorize refuses every other action).
  bool must_change_password = true;
  std::string password_hash;  // Argon2id, libsodium's string form (password_hasher.h)
  std::chrono::sys_seconds created_at{};
  std::chrono::sys_seconds updated_at{};
};

// What a person typed as a login name, trimmed of spaces and with ASCII letters lowercased.
std::string NormalizeLoginName(std::string_view typed);

// kInvalidArgument with a message naming the rule when `login_name` (already normalised) breaks it.
Status ValidateLoginName(std::string_view login_name);

// kInvalidArgument when the display name is empty, longer than 200 bytes, not UTF-8, or holds a
// control character.
Status ValidateDisplayName(std::string_view display_name);

// Both names of `user` and that its commission id is not empty.
Status ValidateUser(const User& user);

}  // namespace esep::access
