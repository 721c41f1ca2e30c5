#include "access/permission_table.h"

#include <fmt/format.h>

namespace esep::access {

namespace {

// Shorthands for the table below only.
constexpr Reach N = kNowhere;      // NOLINT(readability-identifier-naming)
constexpr Reach O = kOwnOnly;      // NOLINT(readability-identifier-naming)
constexpr Reach B = kOwnAndBelow;  // NOLINT(readability-identifier-naming)

// Columns: administrator, chair, coordinator, typist, observer (kAllRoles). The reasons for every
// cell are docs/roles.md's.
constexpr std::array<PermissionRow, 24> kRows = {{
    {Action::kViewCommission, {B, B, B, B, B}},
    {Action::kViewChildren, {B, B, B, B, B}},
    {Action::kViewProtocols, {B, B, B, B, B}},
    {Action::kClaimEntry, {N, N, N, B, N}},
    {Action::kViewEntry, {N, B, B, B, N}},
    {Action::kSaveEntry, {N, N, N, B, N}},
    {Action::kFinaliseEntry, {N, N, N, B, N}},
    {Action::kDiscardEntry, {N, N, B, B, N}},
    {Action::kViewDifferences, {N, B, B, N, B}},
    {Action::kResolveDifferences, {N, N, B, N, N}},
    {Action::kApproveProtocol, {N, B, N, N, N}},
    {Action::kCorrectByDecision, {N, B, N, N, N}},
    {Action::kUploadScan, {N, N, B, B, N}},
    {Action::kViewScan, {N, B, B, B, B}},
    {Action::kViewSummaryReconciliation, {N, B, B, N, B}},
    {Action::kViewProgress, {B, B, B, B, B}},
    {Action::kViewAuditLog, {B, B, B, N, B}},
    {Action::kListUsers, {B, B, B, N, N}},
    {Action::kAddUser, {B, N, N, N, N}},
    {Action::kChangeUser, {B, N, N, N, N}},
    {Action::kDisableUser, {B, N, N, N, N}},
    {Action::kViewOwnAccount, {O, O, O, O, O}},
    {Action::kChangeOwnAccount, {O, O, O, O, O}},
    {Action::kViewRatios, {B, B, B, B, B}},
}};

size_t RoleIndex(Role role) {
  for (size_t i = 0; i < kAllRoles.size(); ++i) {
    if (kAllRoles[i] == role) {
      return i;
    }
  }
  return kAllRoles.size();
}

}  // namespace

std::string_view ReachText(Reach reach) {
  if (reach.own && reach.below) {
    return "own + below";
  }
  if (reach.own) {
    return "own";
  }
  if (reach.below) {
    return "below";
  }
  return "—";
}

std::span<const PermissionRow> PermissionTable() { return kRows; }

Reach ReachOf(Role role, Action action) {
  const size_t role_index = RoleIndex(role);
  for (const PermissionRow& row : kRows) {
    if (row.action == action && role_index < row.reach.size()) {
      return row.reach[role_index];
    }
  }
  return kNowhere;
}

bool Allowed(Role role, Action action, Scope scope) {
  const Reach reach = ReachOf(role, action);
  switch (scope) {
    case Scope::kOwn:
      return reach.own;
    case Scope::kBelow:
      return reach.below;
    case Scope::kOther:
      return false;
  }
  return false;
}

std::string PermissionTableMarkdown() {
  std::string text = "| action |";
  for (const Role role : kAllRoles) {
    text += fmt::format(" {} |", RoleName(role));
  }
  text += "\n|---|";
  for (size_t i = 0; i < kAllRoles.size(); ++i) {
    text += "---|";
  }
  text += "\n";
  for (const PermissionRow& row : kRows) {
    text += fmt::format("| `{}` |", ActionName(row.action));
    for (const Reach reach : row.reach) {
      text += fmt::format(" {} |", ReachText(reach));
    }
    text += "\n";
  }
  return text;
}

}  // namespace esep::access
