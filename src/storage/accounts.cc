#include "storage/accounts.h"

#include <string>
#include <string_view>
#include <utility>

namespace esep::storage {

namespace {

std::string_view YesNo(bool value) { return value ? "true" : "false"; }

}  // namespace

AuditEvent UserAddedEvent(const access::User& user, const EventActor& actor) {
  return AuditEvent{
      .kind = EventKind::kUserAdded,
      .actor = actor,
      .details = {{"user", user.id},
                  {"login_name", user.login_name},
                  {"display_name", user.display_name},
                  {"role", std::string(access::RoleName(user.role))},
                  {"commission_id", user.commission_id},
                  {"disabled", std::string(YesNo(user.disabled))},
                  {"must_change_password", std::string(YesNo(user.must_change_password))}}};
}

std::optional<AuditEvent> UserChangeEvent(const access::User& before, const access::User& after,
                                          const EventActor& actor) {
  AuditEvent event{.actor = actor,
                   .details = {{"user", after.id}, {"login_name", after.login_name}}};
  std::string changed;
  const auto note = [&](std::string_view field, std::optional<std::string> value) {
    if (!changed.empty()) {
      changed.push_back(',');
    }
    changed += field;
    if (value.has_value()) {
      event.details.emplace_back(std::string(field), std::move(*value));
    }
  };
  if (before.display_name != after.display_name) {
    note("display_name", after.display_name);
  }
  if (before.role != after.role) {
    note("role", std::string(access::RoleName(after.role)));
  }
  if (before.commission_id != after.commission_id) {
    note("commission_id", after.commission_id);
  }
  if (before.disabled != after.disabled) {
    note("disabled", std::string(YesNo(after.disabled)));
  }
  if (before.must_change_password != after.must_change_password) {
    note("must_change_password", std::string(YesNo(after.must_change_password)));
  }
  const bool new_password = before.password_hash != after.password_hash;
  if (new_password) {
    note("password_hash", std::nullopt);  // named, never written
  }
  if (changed.empty()) {
    return std::nullopt;
  }
  event.details.emplace_back("changed", std::move(changed));
  if (new_password) {
    event.kind =
        after.must_change_password ? EventKind::kPasswordReset : EventKind::kPasswordChanged;
  } else if (after.disabled && !before.disabled) {
    event.kind = EventKind::kUserDisabled;
  } else {
    event.kind = EventKind::kUserChanged;
  }
  return event;
}

}  // namespace esep::storage
