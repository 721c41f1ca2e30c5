// Authorize: the whole answer to "may this user do this here?" — the account's state, then the
// permission table.
//
//   - a disabled account may do nothing (kUnauthenticated: its sessions are over);
//   - an account whose password must be changed (a first password, or one an administrator
//     reset) may only view and change its own account (kPermissionDenied naming the rule), so a
//     password someone else chose is never used for anything but choosing a new one;
//   - otherwise the permission table decides (permission_table.h); a refusal is
//     kPermissionDenied naming the role, the action and where.
//
// Pure function; thread-safe.

#pragma once

#include "access/action.h"
#include "access/scope.h"
#include "access/user.h"
#include "base/status.h"

namespace esep::access {

// REQUIRES: `scope` is where the target commission lies relative to user.commission_id
// (CommissionScopes::ScopeOf); kOwn for an action without a target commission.
Status Authorize(const User& user, Action action, Scope scope);

}  // namespace esep::access
