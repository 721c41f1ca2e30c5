// The party-list contest of an election definition as the law engine's input: each party's
// name, registration date and list length from the definition, with its votes from a tally.
// Pure function.

#pragma once

#include <cstdint>
#include <span>

#include "law/list_allocation.h"
#include "model/election_definition.h"

namespace esep::results {

// REQUIRES: party_votes.size() == definition.parties().size() (ballot order).
law::ListContestVotes PartyListVotes(const model::ElectionDefinition& definition,
                                     std::span<const int64_t> party_votes, int64_t against_all,
                                     int64_t invalid);

}  // namespace esep::results
