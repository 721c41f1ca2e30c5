#include "access/scope.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::access {

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kOwn:
      return "own";
    case Scope::kBelow:
      return "below";
    case Scope::kOther:
      return "other";
  }
  return "?";
}

CommissionScopes::CommissionScopes(std::span<const model::Commission> commissions) {
  parent_of_.reserve(commissions.size());
  for (const model::Commission& commission : commissions) {
    parent_of_.emplace(commission.id, commission.parent_id);
  }
}

bool CommissionScopes::Contains(std::string_view commission_id) const {
  return parent_of_.find(std::string(commission_id)) != parent_of_.end();
}

Result<Scope> CommissionScopes::ScopeOf(std::string_view user_commission_id,
                                        std::string_view target_id) const {
  for (const std::string_view id : {user_commission_id, target_id}) {
    if (!Contains(id)) {
      return NotFoundError(
          fmt::format("no commission '{}' in the election", EscapeControlCharacters(id)));
    }
  }
  if (user_commission_id == target_id) {
    return Scope::kOwn;
  }
  // Walk up from the target; the user's commission on the way makes it "below". A walk longer
  // than the number of commissions has gone round a cycle.
  std::string current(target_id);
  for (size_t steps = 0; steps <= parent_of_.size(); ++steps) {
    const auto found = parent_of_.find(current);
    if (found == parent_of_.end() || found->second.empty()) {
      return Scope::kOther;
    }
    if (found->second == user_commission_id) {
      return Scope::kBelow;
    }
    current = found->second;
  }
  return DataLossError(fmt::format("the commission tree has a cycle of parents through '{}'",
                                   EscapeControlCharacters(target_id)));
}

}  // namespace esep::access
