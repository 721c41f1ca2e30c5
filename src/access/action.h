// Action: one thing a user of the commission server asks to do, one per operation of the API
// (docs/api.md; issue 12's route list). The server maps each route to exactly one action and
// asks the permission table (permission_table.h) whether the user's role may perform it on the
// target commission.
//
// Logging in and out are not actions: they happen before a user is known, or end the session
// whatever the role.
//
// Plain data; thread-safe.

#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace esep::access {

enum class Action {
  kViewCommission,             // GET /commissions/{id}
  kViewChildren,               // GET /commissions/{id}/children
  kViewProtocols,              // GET /commissions/{id}/protocols (with states)
  kClaimEntry,                 // POST /protocols/{id}/entries/{n}/claim
  kViewEntry,                  // GET /protocols/{id}/entries/{n}
  kSaveEntry,                  // PUT /protocols/{id}/entries/{n}
  kFinaliseEntry,              // POST /protocols/{id}/entries/{n}/finalise
  kDiscardEntry,               // DELETE /protocols/{id}/entries/{n}
  kViewDifferences,            // GET /protocols/{id}/differences
  kResolveDifferences,         // POST /protocols/{id}/resolution
  kApproveProtocol,            // POST /protocols/{id}/approve
  kCorrectByDecision,          // POST /protocols/{id}/corrections
  kUploadScan,                 // POST /protocols/{id}/scans
  kViewScan,                   // GET /scans/{sha256}
  kViewSummaryReconciliation,  // GET /commissions/{id}/summary
  kViewProgress,               // GET /progress?commission=, GET /events (SSE)
  kViewAuditLog,               // GET /audit
  kListUsers,                  // GET /users, GET /users/{id}
  kAddUser,                    // POST /users
  kChangeUser,                 // PUT /users/{id} (name, role, commission, password reset)
  kDisableUser,                // DELETE /users/{id} (disables; nothing is deleted)
  kViewOwnAccount,             // GET /auth/me
  kChangeOwnAccount,           // PUT /auth/me (display name, own password)
  kViewRatios,                 // GET /ratios, GET /protocols/{id}/form
};

// Every action, in the order above (the order of docs/roles.md's rows).
std::span<const Action> AllActions();

// The action's name in docs/roles.md and the audit log: snake_case, e.g. "claim_entry".
std::string_view ActionName(Action action);
std::optional<Action> ParseAction(std::string_view name);

// True for the actions that change something (the rest only read).
bool ActionChangesState(Action action);

}  // namespace esep::access
