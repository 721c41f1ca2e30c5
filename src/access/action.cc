#include "access/action.h"

#include <array>

namespace esep::access {

namespace {

struct ActionInfo {
  Action action;
  std::string_view name;
  bool changes_state;
};

constexpr std::array<ActionInfo, 24> kActions = {{
    {Action::kViewCommission, "view_commission", false},
    {Action::kViewChildren, "view_children", false},
    {Action::kViewProtocols, "view_protocols", false},
    {Action::kClaimEntry, "claim_entry", true},
    {Action::kViewEntry, "view_entry", false},
    {Action::kSaveEntry, "save_entry", true},
    {Action::kFinaliseEntry, "finalise_entry", true},
    {Action::kDiscardEntry, "discard_entry", true},
    {Action::kViewDifferences, "view_differences", false},
    {Action::kResolveDifferences, "resolve_differences", true},
    {Action::kApproveProtocol, "approve_protocol", true},
    {Action::kCorrectByDecision, "correct_by_decision", true},
    {Action::kUploadScan, "upload_scan", true},
    {Action::kViewScan, "view_scan", false},
    {Action::kViewSummaryReconciliation, "view_summary_reconciliation", false},
    {Action::kViewProgress, "view_progress", false},
    {Action::kViewAuditLog, "view_audit_log", false},
    {Action::kListUsers, "list_users", false},
    {Action::kAddUser, "add_user", true},
    {Action::kChangeUser, "change_user", true},
    {Action::kDisableUser, "disable_user", true},
    {Action::kViewOwnAccount, "view_own_account", false},
    {Action::kChangeOwnAccount, "change_own_account", true},
    {Action::kViewRatios, "view_ratios", false},
}};

constexpr std::array<Action, kActions.size()> MakeActionList() {
  std::array<Action, kActions.size()> list{};
  for (size_t i = 0; i < kActions.size(); ++i) {
    list[i] = kActions[i].action;
  }
  return list;
}

constexpr std::array<Action, kActions.size()> kActionList = MakeActionList();

}  // namespace

std::span<const Action> AllActions() { return kActionList; }

std::string_view ActionName(Action action) {
  for (const ActionInfo& info : kActions) {
    if (info.action == action) {
      return info.name;
    }
  }
  return "?";
}

std::optional<Action> ParseAction(std::string_view name) {
  for (const ActionInfo& info : kActions) {
    if (info.name == name) {
      return info.action;
    }
  }
  return std::nullopt;
}

bool ActionChangesState(Action action) {
  for (const ActionInfo& info : kActions) {
    if (info.action == action) {
      return info.changes_state;
    }
  }
  return true;
}

}  // namespace esep::access
