// The permission table: for every action and every role, on which commissions the role may
// perform the action — its own, those below it, both, or none. Never on any other commission.
//
// The table is data: one row per action (permission_table.cc), the same rows as the markdown
// table of docs/roles.md, which gives the reasons (permission_table_test.cc parses the document
// and fails when the two differ, and fails when an action has no row).
//
// Allowed() answers from the table alone. The rest of an authorisation — a disabled account, a
// password that must be changed first — is Authorize() (authorize.h); the rules of the data-entry
// state machine (only the claimant saves an entry, the second typist differs from the first) are
// the state machine's.
//
// Pure functions over constant data; thread-safe.

#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "access/action.h"
#include "access/role.h"
#include "access/scope.h"

namespace esep::access {

// Where a role may perform an action, relative to its own commission.
struct Reach {
  bool own = false;    // on the user's own commission
  bool below = false;  // on the commissions below it

  friend bool operator==(const Reach&, const Reach&) = default;
};

inline constexpr Reach kNowhere{};
inline constexpr Reach kOwnOnly{.own = true};
inline constexpr Reach kOwnAndBelow{.own = true, .below = true};

// A cell of docs/roles.md: "own + below", "own", "below" or "—" (no right).
std::string_view ReachText(Reach reach);

struct PermissionRow {
  Action action;
  std::array<Reach, kAllRoles.size()> reach;  // indexed by the order of kAllRoles
};

// The rows, in the order of AllActions().
std::span<const PermissionRow> PermissionTable();

// Where `role` may perform `action`; kNowhere for an action without a row (a test prevents one).
Reach ReachOf(Role role, Action action);

// True when `role` may perform `action` on a commission in `scope`; always false for kOther.
// Actions without a target commission (own account, the ratio catalogue) are asked with kOwn.
bool Allowed(Role role, Action action, Scope scope);

// The markdown table of docs/roles.md, one line per row and a header: what the document must
// contain, byte for byte, between its markers.
std::string PermissionTableMarkdown();

}  // namespace esep::access
