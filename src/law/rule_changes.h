// ListRuleChanges: changes to a rule set's list rules as a person states them — `esep seats`
// flags today, a what-if form later — and the rules they make. Each field, when set, replaces
// the named rule set's value; without a named rule set the seats and the threshold are required
// and ties go to more votes, then lot (there is no registration order to go by).
//
// Example:
//   ListRuleChanges changes{.threshold = "7"};
//   ASSIGN_OR_RETURN(ListRules rules, ApplyRuleChanges("kz-majilis-2023", changes, seed));
//   changes.Describe();  // {"threshold 7"}

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "law/list_rules.h"

namespace esep::law {

struct ListRuleChanges {
  std::optional<int64_t> seats;
  std::optional<std::string> threshold;  // percent as a decimal, "5" or "7.25"
  std::optional<std::string> method;     // ParseMethod
  std::optional<std::string> threshold_base;
  std::optional<int64_t> runner_up_min_seats;
  std::optional<std::string> tie_break;
  std::optional<std::string> surplus;

  // Each change as "name value" ("threshold 7", "runner-up-min-seats 0"), in field order; empty
  // when nothing changes. The names are those of the `esep seats` flags without the dashes.
  std::vector<std::string> Describe() const;
};

// The list rules of the rule set named `rule_set` (free-form defaults when empty) with `changes`
// applied, drawing any lots from `lot_seed`. kNotFound for an unknown rule set;
// kInvalidArgument naming the change and the rule for a value out of range, and for a rule set
// without list seats.
Result<ListRules> ApplyRuleChanges(const std::optional<std::string>& rule_set,
                                   const ListRuleChanges& changes, uint64_t lot_seed);

}  // namespace esep::law
