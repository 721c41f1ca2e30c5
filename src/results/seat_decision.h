// The seats a result decides, whichever its source (published tables or tabulated protocols):
// the party-list allocation by the rule set's method with its worked steps, each single-member
// district's outcome, and the composition of the house they make. Computed by the law engine
// from the votes; nothing here does arithmetic of its own. Pure functions.
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
  std::vector<law::CandidateVotes> candidates;  // definition order, or as published
  std::optional<int64_t> against_all;           // absent when the count was not published
  bool counted = true;  // false while no protocol of the district has arrived
  std::optional<law::DistrictOutcome> outcome;  // decided when counted
};

// One line of the composition of the house: a party's seats, or the independents'.
struct CompositionLine {
  std::string affiliation;  // a party's name, or "Independent"
  int64_t list_seats = 0;
  int64_t district_seats = 0;
  int64_t vacant = 0;
  std::vector<std::string> notes;  // e.g. "Baqytjan Bazarbek stood as Independent (Amanat)"
  int64_t total() const { return list_seats + district_seats; }
};

// The votes seats are decided from.
struct SeatVotes {
  bool has_list_votes = false;       // false while no party-list protocol has arrived
  std::vector<int64_t> party_votes;  // definition's party order
  int64_t against_all = 0;
  int64_t invalid = 0;
  std::vector<DistrictDecision> districts;  // outcomes not yet decided
};

struct SeatDecision {
  std::optional<law::ListAllocation> list;  // nullopt: no list seats, or no allocation possible
  std::string list_unavailable;             // why there is no allocation, when there is none
  Status list_error;  // the law engine's refusal, when it refused (list_unavailable says it too)
  std::vector<DistrictDecision> districts;   // by number
  std::vector<CompositionLine> composition;  // the definition's parties first, then independents
};

// Decides the seats from `votes`; `seed` seeds any drawing of lots. Errors only for inconsistent
// input (a district ballot with duplicate names, named with its district).
Result<SeatDecision> DecideSeats(const model::ElectionDefinition& definition,
                                 const law::RuleSet& rule_set, SeatVotes votes, uint64_t seed);

// The votes of the national and district tallies of `tabulator`; candidates are named from the
// definition ("candidate K" when it lists none).
SeatVotes TalliedVotes(const model::ElectionDefinition& definition,
                       const tabulation::Tabulator& tabulator);

// DecideSeats(definition, rule_set, TalliedVotes(definition, tabulator), seed).
Result<SeatDecision> DecideSeats(const model::ElectionDefinition& definition,
                                 const law::RuleSet& rule_set,
                                 const tabulation::Tabulator& tabulator, uint64_t seed);

}  // namespace esep::results
