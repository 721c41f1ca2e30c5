#include "results/party_list_votes.h"

namespace esep::results {

law::ListContestVotes PartyListVotes(const model::ElectionDefinition& definition,
                                     std::span<const int64_t> party_votes, int64_t against_all,
                                     int64_t invalid) {
  law::ListContestVotes votes;
  votes.lists.reserve(definition.parties().size());
  for (size_t p = 0; p < definition.parties().size(); ++p) {
    const model::Party& party = definition.parties()[p];
    votes.lists.push_back({.name = party.name,
                           .votes = party_votes[p],
                           .registered_on = party.registered_on,
                           .candidates = party.list_candidates});
  }
  votes.against_all = against_all;
  votes.invalid = invalid;
  return votes;
}

}  // namespace esep::results
