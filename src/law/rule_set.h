// Named rule sets: the electoral law in force for an election, as data.
//
// Each rule set says how many seats are filled from party lists and how, how many
// single-member districts there are and how their ties are decided, and cites its source.
// docs/law.md explains every rule and says where the legal text could not be confirmed.
// The table is static and immutable; thread-safe.

#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "law/district_winner.h"
#include "law/list_rules.h"

namespace esep::law {

struct RuleSet {
  std::string_view name;      // "kz-majilis-2023"
  std::string_view title;     // "Mäjilis of Kazakhstan, 2023: 69 list seats at 5% + 29 districts"
  std::string_view citation;  // the legal source, briefly
  std::string_view used_for;  // the elections it applies to
  ListRules list;             // list.seats == 0 when there are no list seats
  int64_t district_seats = 0;
  DistrictTieBreak district_tie_break = DistrictTieBreak::kLot;
  // The times ("HH:MM", local, ascending) by which precinct commissions report how many voters
  // had received ballots (protocol/turnout_report.h); docs/law.md, section 14.
  std::span<const std::string_view> turnout_report_times;
};

// Every named rule set, newest first.
std::span<const RuleSet> AllRuleSets();

// The rule set called `name`; kNotFound listing the known names otherwise.
Result<RuleSet> FindRuleSet(std::string_view name);

}  // namespace esep::law
