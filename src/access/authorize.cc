#include "access/authorize.h"

#include <fmt/format.h>

#include "access/permission_table.h"

namespace esep::access {

namespace {

std::string_view Where(Scope scope) {
  switch (scope) {
    case Scope::kOwn:
      return "on its own commission";
    case Scope::kBelow:
      return "on a commission below its own";
    case Scope::kOther:
      return "on a commission that is neither its own nor below it";
  }
  return "";
}

}  // namespace

Status Authorize(const User& user, Action action, Scope scope) {
  if (user.disabled) {
    return UnauthenticatedError("the account is disabled");
  }
  if (user.must_change_password && action != Action::kViewOwnAccount &&
      action != Action::kChangeOwnAccount) {
    return PermissionDeniedError(
        "choose a new password first: the password was set by an administrator");
  }
  if (!Allowed(user.role, action, scope)) {
    return PermissionDeniedError(fmt::format("the role '{}' may not {} {}", RoleName(user.role),
                                             ActionName(action), Where(scope)));
  }
  return OkStatus();
}

}  // namespace esep::access
