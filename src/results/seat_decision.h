// The seats a tally decides: the party-list allocation by the rule set's method (with its worked
// steps) and each single-member district's outcome. Computed by the law engine from the sums;
// nothing here does arithmetic of its own. Pure function.
//
// Example:
//   ASSIGN_OR_RETURN(SeatDecision seats, DecideSeats(definition, rule_set, tabulator, seed));
//   if (seats.list) { report::AllocationText(*seats.list); }

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "law/district_winner.h"
#include "law/list_allocation.h"
#include "law/rule_set.h"
#include "model/election_definition.h"
#include "tabulation/tabulator.h"

namespace esep::results {

struct DistrictDecision {
  int number = 0;
  std::vector<law::CandidateVotes> candidates;  // definition order
  int64_t against_all = 0;
  std::optional<law::DistrictOutcome> outcome;  // nullopt while no protocol has arrived
};

struct SeatDecision {
  std::optional<law::ListAllocation> list;  // nullopt: no list seats, or no allocation possible
  std::string list_unavailable;             // why there is no allocation, when there is none
  std::vector<DistrictDecision> districts;  // by number
};

// Decides the seats from the national and district tallies of `tabulator`. `seed` seeds any
// drawing of lots. Errors only for inconsistent input (a district ballot with duplicate names).
Result<SeatDecision> DecideSeats(const model::ElectionDefinition& definition,
                                 const law::RuleSet& rule_set,
                                 const tabulation::Tabulator& tabulator, uint64_t seed);

}  // namespace esep::results
