// The winner of a single-member district by plurality, and what to say when there is none.
//
// "Against all" is a counted line, compared with the candidates but never elected: when it
// leads, the outcome says so instead of electing the best candidate. A tie for first place
// is decided by the rule set (a reproducible drawing of lots by default, seed printed).
// Pure function; thread-safe.

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace esep::law {

struct CandidateVotes {
  std::string name;
  std::string affiliation;  // party, or "Independent"
  int64_t votes = 0;
};

enum class DistrictTieBreak {
  kLot,       // a drawing of lots from the printed seed
  kNoWinner,  // a tie elects no one (a repeat election is needed)
};

enum class DistrictOutcomeKind {
  kElected,          // one candidate has the most votes
  kElectedByLot,     // a tie for first place decided by lot
  kTieUndecided,     // a tie, and the rule set elects no one
  kAgainstAllLeads,  // "against all" has more votes than every candidate: no one elected
  kNoVotes,          // no candidate has a vote
};

struct DistrictOutcome {
  DistrictOutcomeKind kind = DistrictOutcomeKind::kNoVotes;
  std::optional<size_t> winner;     // input index of the elected candidate
  std::optional<size_t> runner_up;  // the best of the rest
  int64_t margin = 0;               // winner's votes minus the runner-up's (or against all's)
  std::vector<std::string> steps;   // sentences explaining the decision
};

// Decides a district. `against_all` is absent when the count was not published.
// kInvalidArgument for no candidates, a negative count or a duplicate name.
Result<DistrictOutcome> DecideDistrict(std::span<const CandidateVotes> candidates,
                                       std::optional<int64_t> against_all,
                                       DistrictTieBreak tie_break, uint64_t lot_seed);

std::string_view DistrictOutcomeName(DistrictOutcomeKind kind);     // "elected", ...
std::string_view DistrictTieBreakName(DistrictTieBreak tie_break);  // "lot", "none"

}  // namespace esep::law
