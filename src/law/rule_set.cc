#include "law/rule_set.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::law {

namespace {

ListRules KazakhListRules(int64_t seats, int64_t threshold, int64_t runner_up_min_seats) {
  ListRules rules;
  rules.seats = seats;
  rules.threshold_percent = Fraction::Whole(threshold);
  rules.threshold_base = ThresholdBase::kValidVotes;
  rules.method = ApportionmentMethod::kHare;
  rules.runner_up_min_seats = runner_up_min_seats;
  rules.tie_break = TieBreak::kEarlierRegistration;
  rules.surplus = SurplusSeats::kLeaveVacant;
  return rules;
}

// Every two hours from 10:00, and 22:00 where the polls stayed open later: the times of the
// CEC's turnout tables (docs/law.md, section 14).
constexpr std::string_view kKazakhReportTimes[] = {"10:00", "12:00", "14:00", "16:00",
                                                   "18:00", "20:00", "22:00"};

// The sources are the seeds in shared/seeds (Wikipedia on the 2023 election, ODIHR on 2007,
// 2021 and 2023, a bulletin on 2012); docs/law.md quotes them and marks what is unconfirmed.
const RuleSet kRuleSets[] = {
    {"kz-majilis-2023",
     "Mäjilis of Kazakhstan from 2023: 69 list seats (largest remainder, 5% threshold) + 29 "
     "single-member districts (plurality)",
     "Constitutional Law 'On Elections' (as amended 5 Nov 2022), Art. 97-1 (5% threshold, "
     "runner-up gets at least two mandates); mixed system after the 2022 constitutional "
     "referendum",
     "2023", KazakhListRules(69, 5, 2), 29, DistrictTieBreak::kLot, kKazakhReportTimes},
    {"kz-majilis-2012",
     "Mäjilis of Kazakhstan 2012-2021: 98 list seats (largest remainder, 7% threshold, "
     "runner-up guarantee)",
     "Constitutional Law 'On Elections', Art. 97-1 before its 2022 amendment (7% threshold; if "
     "only one party passes, the next party is admitted with at least two seats), as ODIHR's "
     "2021 report describes it; the year the guarantee was enacted is not confirmed",
     "2012, 2016, 2021", KazakhListRules(98, 7, 2), 0, DistrictTieBreak::kLot, kKazakhReportTimes},
    {"kz-majilis-2007",
     "Mäjilis of Kazakhstan 2007: 98 list seats (largest remainder, 7% threshold, no runner-up "
     "guarantee)",
     "Constitutional Law 'On Elections' as amended in 2007 (98 deputies by closed lists in one "
     "nationwide constituency, 7% threshold), as ODIHR's 2007 statement describes it; no "
     "runner-up guarantee yet",
     "2007", KazakhListRules(98, 7, 0), 0, DistrictTieBreak::kLot, kKazakhReportTimes},
    {"kz-majilis-2004",
     "Mäjilis of Kazakhstan 2004: 10 list seats (largest remainder, 7% threshold) + 67 "
     "single-member districts",
     "Constitutional Law 'On Elections' before the 2007 amendments (10 list seats, 7% threshold, "
     "67 single-member districts); not confirmed from the texts esep holds",
     "1999, 2004", KazakhListRules(10, 7, 0), 67, DistrictTieBreak::kLot, kKazakhReportTimes},
};

}  // namespace

std::span<const RuleSet> AllRuleSets() { return kRuleSets; }

Result<RuleSet> FindRuleSet(std::string_view name) {
  const std::string wanted = NormalizeName(name);
  std::string known;
  for (const RuleSet& rule_set : kRuleSets) {
    if (rule_set.name == wanted) {
      return rule_set;
    }
    known += known.empty() ? "" : ", ";
    known += rule_set.name;
  }
  return NotFoundError(fmt::format("unknown rule set '{}'; known rule sets: {}", name, known));
}

}  // namespace esep::law
