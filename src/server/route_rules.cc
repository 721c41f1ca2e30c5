#include "server/route_rules.h"

#include <array>

namespace esep::server {
namespace {

using access::Action;

constexpr RouteRule Act(std::string_view name, Action action) {
  return RouteRule{.route_name = name, .kind = RuleKind::kAction, .action = action};
}

constexpr std::array kRules = {
    RouteRule{.route_name = "auth.login", .kind = RuleKind::kLogin},
    RouteRule{.route_name = "auth.logout", .kind = RuleKind::kLogout},
    Act("auth.me", Action::kViewOwnAccount),
    Act("auth.me.change", Action::kChangeOwnAccount),
    Act("users.list", Action::kListUsers),
    Act("users.add", Action::kAddUser),
    Act("users.get", Action::kListUsers),
    Act("users.change", Action::kChangeUser),
    Act("users.disable", Action::kDisableUser),
    Act("commissions.get", Action::kViewCommission),
    Act("commissions.children", Action::kViewChildren),
    Act("commissions.protocols", Action::kViewProtocols),
    Act("commissions.summary", Action::kViewSummaryReconciliation),
    Act("protocols.versions", Action::kViewProtocols),
    Act("ratios.list", Action::kViewRatios),
    Act("protocols.form", Action::kViewRatios),
    Act("audit.list", Action::kViewAuditLog),
    Act("entries.claim", Action::kClaimEntry),
    Act("entries.get", Action::kViewEntry),
    Act("entries.save", Action::kSaveEntry),
    Act("entries.finalise", Action::kFinaliseEntry),
    Act("entries.discard", Action::kDiscardEntry),
    Act("protocols.differences", Action::kViewDifferences),
    Act("protocols.resolution", Action::kResolveDifferences),
    Act("protocols.approve", Action::kApproveProtocol),
    Act("protocols.corrections", Action::kCorrectByDecision),
    Act("scans.upload", Action::kUploadScan),
    Act("scans.list", Action::kViewScan),
    Act("scans.get", Action::kViewScan),
    Act("progress.get", Action::kViewProgress),
    Act("events.stream", Action::kViewProgress),
};

}  // namespace

std::span<const RouteRule> RouteRules() { return kRules; }

std::optional<RouteRule> RuleOf(std::string_view route_name) {
  for (const RouteRule& rule : kRules) {
    if (rule.route_name == route_name) {
      return rule;
    }
  }
  return std::nullopt;
}

}  // namespace esep::server
