#include "results/seat_decision.h"

#include <fmt/format.h>

#include "statement/party_list_votes.h"

namespace esep::results {

Result<SeatDecision> DecideSeats(const model::ElectionDefinition& definition,
                                 const law::RuleSet& rule_set,
                                 const tabulation::Tabulator& tabulator, uint64_t seed) {
  SeatDecision decision;
  const tabulation::Tally& nation = tabulator.national();
  if (rule_set.list.seats == 0) {
    decision.list_unavailable = fmt::format("the rule set {} has no list seats", rule_set.name);
  } else if (nation.protocols == 0) {
    decision.list_unavailable = "no party-list protocol has been accepted yet";
  } else {
    const law::ListContestVotes votes = statement::PartyListVotes(
        definition, nation.sum.choice_votes, nation.sum.against_all, nation.sum.invalid_ballots);
    law::ListRules rules = rule_set.list;
    rules.lot_seed = seed;
    Result<law::ListAllocation> allocation = law::AllocateListSeats(votes, rules);
    if (allocation.has_value()) {
      decision.list = std::move(*allocation);
    } else {
      decision.list_unavailable = allocation.error().message();
    }
  }

  for (size_t d = 0; d < tabulator.districts().size(); ++d) {
    const tabulation::Tally& tally = tabulator.districts()[d];
    DistrictDecision district;
    district.number = static_cast<int>(d + 1);
    district.against_all = tally.sum.against_all;
    const auto& listed = definition.districts[d].candidates;
    for (size_t c = 0; c < tally.sum.choice_votes.size(); ++c) {
      district.candidates.push_back(
          {c < listed.size() ? listed[c].name : fmt::format("candidate {}", c + 1),
           c < listed.size() ? listed[c].affiliation : "", tally.sum.choice_votes[c]});
    }
    if (tally.protocols > 0 && !district.candidates.empty()) {
      ASSIGN_OR_RETURN(district.outcome,
                       law::DecideDistrict(district.candidates, tally.sum.against_all,
                                           rule_set.district_tie_break, seed));
    }
    decision.districts.push_back(std::move(district));
  }
  return decision;
}

}  // namespace esep::results
