#include "results/seat_decision.h"

#include <map>

#include <fmt/format.h>

#include "base/text.h"
#include "results/party_list_votes.h"

namespace esep::results {

namespace {

void DecideList(const model::ElectionDefinition& definition, const law::RuleSet& rule_set,
                const SeatVotes& votes, uint64_t seed, SeatDecision& decision) {
  if (rule_set.list.seats == 0) {
    decision.list_unavailable = fmt::format("the rule set {} has no list seats", rule_set.name);
    return;
  }
  if (!votes.has_list_votes) {
    decision.list_unavailable = "no party-list protocol has been accepted yet";
    return;
  }
  law::ListRules rules = rule_set.list;
  rules.lot_seed = seed;
  Result<law::ListAllocation> allocation = law::AllocateListSeats(
      PartyListVotes(definition, votes.party_votes, votes.against_all, votes.invalid), rules);
  if (allocation.has_value()) {
    decision.list = std::move(*allocation);
  } else {
    decision.list_unavailable = allocation.error().message();
    decision.list_error = allocation.error();
  }
}

// The parties of the definition in ballot order, then the independents who won a district.
std::vector<CompositionLine> Compose(const model::ElectionDefinition& definition,
                                     const SeatDecision& decision) {
  std::vector<CompositionLine> lines;
  std::map<std::string, size_t> index;
  auto line_for = [&](const std::string& affiliation) -> CompositionLine& {
    auto [it, inserted] = index.emplace(NormalizeName(affiliation), lines.size());
    if (inserted) {
      lines.push_back({.affiliation = affiliation});
    }
    return lines[it->second];
  };
  for (const model::Party& party : definition.parties()) {
    line_for(party.name);
  }
  if (decision.list.has_value()) {
    for (size_t p = 0; p < definition.parties().size(); ++p) {
      CompositionLine& line = line_for(definition.parties()[p].name);
      line.list_seats += decision.list->rows[p].seats;
      line.vacant += decision.list->rows[p].vacant;
    }
  }
  for (const DistrictDecision& district : decision.districts) {
    if (!district.outcome.has_value() || !district.outcome->winner.has_value()) {
      continue;
    }
    const law::CandidateVotes& winner = district.candidates[*district.outcome->winner];
    // "Independent (Amanat)": self-nominated, with the affiliation the source notes.
    const std::optional<size_t> party = definition.FindParty(winner.affiliation);
    if (party.has_value()) {
      line_for(definition.parties()[*party].name).district_seats += 1;
      continue;
    }
    CompositionLine& line = line_for("Independent");
    line.district_seats += 1;
    if (NormalizeName(winner.affiliation) != "independent") {
      line.notes.push_back(fmt::format("{} (district {}) stood as {}", winner.name, district.number,
                                       winner.affiliation));
    }
  }
  return lines;
}

}  // namespace

Result<SeatDecision> DecideSeats(const model::ElectionDefinition& definition,
                                 const law::RuleSet& rule_set, SeatVotes votes, uint64_t seed) {
  SeatDecision decision;
  DecideList(definition, rule_set, votes, seed, decision);
  decision.districts = std::move(votes.districts);
  for (DistrictDecision& district : decision.districts) {
    if (!district.counted || district.candidates.empty()) {
      continue;
    }
    Result<law::DistrictOutcome> outcome = law::DecideDistrict(
        district.candidates, district.against_all, rule_set.district_tie_break, seed);
    if (!outcome.has_value()) {
      return outcome.error().WithContext(fmt::format("district {}", district.number));
    }
    district.outcome = std::move(*outcome);
  }
  decision.composition = Compose(definition, decision);
  return decision;
}

SeatVotes TalliedVotes(const model::ElectionDefinition& definition,
                       const tabulation::Tabulator& tabulator) {
  const tabulation::Tally& nation = tabulator.national();
  SeatVotes votes{.has_list_votes = nation.protocols > 0,
                  .party_votes = nation.sum.choice_votes,
                  .against_all = nation.sum.against_all,
                  .invalid = nation.sum.invalid_ballots};
  for (size_t d = 0; d < tabulator.districts().size(); ++d) {
    const tabulation::Tally& tally = tabulator.districts()[d];
    DistrictDecision district{.number = static_cast<int>(d + 1),
                              .against_all = tally.sum.against_all,
                              .counted = tally.protocols > 0};
    const auto& listed = definition.districts()[d].candidates;
    for (size_t c = 0; c < tally.sum.choice_votes.size(); ++c) {
      district.candidates.push_back(
          {c < listed.size() ? listed[c].name : fmt::format("candidate {}", c + 1),
           c < listed.size() ? listed[c].affiliation : "", tally.sum.choice_votes[c]});
    }
    votes.districts.push_back(std::move(district));
  }
  return votes;
}

Result<SeatDecision> DecideSeats(const model::ElectionDefinition& definition,
                                 const law::RuleSet& rule_set,
                                 const tabulation::Tabulator& tabulator, uint64_t seed) {
  return DecideSeats(definition, rule_set, TalliedVotes(definition, tabulator), seed);
}

}  // namespace esep::results
