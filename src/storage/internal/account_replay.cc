#include "storage/internal/account_replay.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace esep::storage::internal {

namespace {

// The fields of an account that its events carry (never the password hash).
constexpr std::array<std::string_view, 6> kFields = {
    "login_name", "display_name", "role", "commission_id", "disabled", "must_change_password"};

std::string Field(const access::User& user, std::string_view field) {
  if (field == "login_name") {
    return user.login_name;
  }
  if (field == "display_name") {
    return user.display_name;
  }
  if (field == "role") {
    return std::string(access::RoleName(user.role));
  }
  if (field == "commission_id") {
    return user.commission_id;
  }
  if (field == "disabled") {
    return user.disabled ? "true" : "false";
  }
  return user.must_change_password ? "true" : "false";
}

bool IsAccountChange(EventKind kind) {
  return kind == EventKind::kUserChanged || kind == EventKind::kUserDisabled ||
         kind == EventKind::kPasswordReset || kind == EventKind::kPasswordChanged;
}

std::string Detail(const AuditEvent& event, std::string_view key) {
  for (const auto& [name, value] : event.details) {
    if (name == key) {
      return value;
    }
  }
  return "";
}

}  // namespace

std::optional<ChainMismatch> AccountReplay::Apply(int64_t entry, const AuditEvent& event) {
  if (event.kind != EventKind::kUserAdded && !IsAccountChange(event.kind)) {
    return std::nullopt;
  }
  const std::string id = Detail(event, "user");
  if (event.kind == EventKind::kUserAdded) {
    Replayed added{.added_at = entry, .version = 1};
    for (const std::string_view field : kFields) {
      added.fields.emplace(std::string(field), Detail(event, field));
    }
    const auto [it, inserted] = users_.emplace(id, std::move(added));
    if (!inserted) {
      return ChainMismatch{entry,
                           fmt::format("entry {}: user {} is added again (first added at entry {})",
                                       entry, id, it->second.added_at),
                           "one user_added event per user", fmt::format("entry {}", entry)};
    }
    return std::nullopt;
  }
  const auto it = users_.find(id);
  if (it == users_.end()) {
    return ChainMismatch{entry,
                         fmt::format("entry {}: a {} event for user '{}', whom no earlier event "
                                     "added",
                                     entry, EventKindName(event.kind), id),
                         "a user_added event before it", "(none)"};
  }
  ++it->second.version;
  for (const auto& [name, value] : event.details) {
    if (const auto field = it->second.fields.find(name); field != it->second.fields.end()) {
      field->second = value;
    }
  }
  return std::nullopt;
}

std::optional<ChainMismatch> AccountReplay::Compare(std::span<const StoredUser> users) const {
  size_t matched = 0;
  for (const StoredUser& stored : users) {
    const access::User& user = stored.user;
    const auto it = users_.find(user.id);
    if (it == users_.end()) {
      return ChainMismatch{0,
                           fmt::format("users table, user {} ({}): no event of the chain added "
                                       "this account (it was inserted outside esep)",
                                       user.id, user.login_name),
                           "a user_added event", "(none)"};
    }
    ++matched;
    for (const auto& [field, value] : it->second.fields) {
      if (const std::string found = Field(user, field); found != value) {
        return ChainMismatch{0,
                             fmt::format("users table, user {} ({}): its {} differs from what "
                                         "the chain's events record (the row was changed "
                                         "outside esep)",
                                         user.id, user.login_name, field),
                             value, found};
      }
    }
    if (stored.version != it->second.version) {
      return ChainMismatch{
          0,
          fmt::format("users table, user {} ({}): at version {}, but the "
                      "chain's events record {} (the row was changed outside "
                      "esep)",
                      user.id, user.login_name, stored.version, it->second.version),
          std::to_string(it->second.version), std::to_string(stored.version)};
    }
  }
  if (matched != users_.size()) {
    for (const auto& [added_id, replayed] : users_) {
      const std::string_view id = added_id;  // a structured binding is not captured below
      const bool present = std::any_of(users.begin(), users.end(),
                                       [id](const StoredUser& u) { return u.user.id == id; });
      if (!present) {
        return ChainMismatch{0,
                             fmt::format("users table: user {}, added at entry {}, is missing "
                                         "(a user is never deleted)",
                                         id, replayed.added_at),
                             fmt::format("user {}", id), "(none)"};
      }
    }
  }
  return std::nullopt;
}

}  // namespace esep::storage::internal
