// Scope: where a target commission lies relative to the user's own commission — the commission
// itself, one below it (a descendant, at any depth), or anywhere else (a sibling, a parent, another
// branch). A user acts only on their own commission and those below it (issue 12), so the
// permission table grants rights per scope and never grants anything for kOther.
//
// CommissionScopes answers the question from the commission tree of the election definition
// (model::Commission: each names its parent, the CEC none). Immutable once built; thread-safe.
//
// Example:
//   CommissionScopes scopes(definition.commissions());
//   ASSIGN_OR_RETURN(Scope scope, scopes.ScopeOf(user.commission_id, protocol_commission_id));
//   RETURN_IF_ERROR(Authorize(user, Action::kClaimEntry, scope));

#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "model/commission.h"

namespace esep::access {

enum class Scope {
  kOwn,    // the user's own commission
  kBelow,  // a commission below the user's (a child, a grandchild, ...)
  kOther,  // any other commission: a sibling, a parent, another branch
};

// "own", "below", "other".
std::string_view ScopeName(Scope scope);

class CommissionScopes {
 public:
  // The tree of `commissions` (each commission's parent_id; empty for the root). A parent that is
  // not in the list ends the walk upwards there, as a root would.
  explicit CommissionScopes(std::span<const model::Commission> commissions);

  // Where `target_id` lies relative to `user_commission_id`. kNotFound naming the id when either
  // is not a commission of the tree (an unknown target is never "other": the caller answers 404).
  // A cycle of parents (a damaged tree) is kDataLoss.
  Result<Scope> ScopeOf(std::string_view user_commission_id, std::string_view target_id) const;

  bool Contains(std::string_view commission_id) const;

 private:
  std::unordered_map<std::string, std::string> parent_of_;  // id -> parent id ("" for a root)
};

}  // namespace esep::access
