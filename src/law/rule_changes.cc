#include "law/rule_changes.h"

#include <fmt/format.h>

#include "base/fraction.h"
#include "law/rule_set.h"

namespace esep::law {

namespace {

// The starting point: the named rule set's list rules, or the free-form defaults.
Result<ListRules> BaseRules(const std::optional<std::string>& rule_set,
                            const ListRuleChanges& changes) {
  if (!rule_set.has_value()) {
    if (!changes.seats.has_value() || !changes.threshold.has_value()) {
      return InvalidArgumentError(
          "give either --rules NAME, or both --seats N and --threshold P (see esep seats --help)");
    }
    return ListRules{.tie_break = TieBreak::kMoreVotesThenLot};
  }
  ASSIGN_OR_RETURN(const RuleSet named, FindRuleSet(*rule_set));
  if (named.list.seats == 0) {
    return InvalidArgumentError(fmt::format("rule set '{}' has no party-list seats", named.name));
  }
  return named.list;
}

}  // namespace

std::vector<std::string> ListRuleChanges::Describe() const {
  std::vector<std::string> changes;
  auto add = [&](const char* name, const auto& value) {
    if (value.has_value()) {
      changes.push_back(fmt::format("{} {}", name, *value));
    }
  };
  add("seats", seats);
  add("threshold", threshold);
  add("method", method);
  add("threshold-base", threshold_base);
  add("runner-up-min-seats", runner_up_min_seats);
  add("tie-break", tie_break);
  add("surplus", surplus);
  return changes;
}

Result<ListRules> ApplyRuleChanges(const std::optional<std::string>& rule_set,
                                   const ListRuleChanges& changes, uint64_t lot_seed) {
  ASSIGN_OR_RETURN(ListRules rules, BaseRules(rule_set, changes));
  if (changes.seats.has_value()) {
    if (*changes.seats <= 0) {
      return InvalidArgumentError(
          fmt::format("--seats {}: at least one seat is required", *changes.seats));
    }
    rules.seats = *changes.seats;
  }
  if (changes.threshold.has_value()) {
    Result<Fraction> percent = Fraction::ParseDecimal(*changes.threshold);
    if (!percent.has_value() || *percent > Fraction::Whole(100)) {
      return InvalidArgumentError(
          fmt::format("--threshold '{}': a percentage from 0 to 100 is required, such as 5 or 7.25",
                      *changes.threshold));
    }
    rules.threshold_percent = *percent;
  }
  if (changes.method.has_value()) {
    ASSIGN_OR_RETURN(rules.method, ParseMethod(*changes.method));
  }
  if (changes.threshold_base.has_value()) {
    ASSIGN_OR_RETURN(rules.threshold_base, ParseThresholdBase(*changes.threshold_base));
  }
  if (changes.runner_up_min_seats.has_value()) {
    if (*changes.runner_up_min_seats < 0) {
      return InvalidArgumentError("--runner-up-min-seats cannot be negative");
    }
    rules.runner_up_min_seats = *changes.runner_up_min_seats;
  }
  if (changes.tie_break.has_value()) {
    ASSIGN_OR_RETURN(rules.tie_break, ParseTieBreak(*changes.tie_break));
  }
  if (changes.surplus.has_value()) {
    ASSIGN_OR_RETURN(rules.surplus, ParseSurplusSeats(*changes.surplus));
  }
  rules.lot_seed = lot_seed;
  return rules;
}

}  // namespace esep::law
