#include "law/district_winner.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/lot_drawing.h"
#include "base/text.h"

namespace esep::law {

namespace {

// Votes cannot be negative and a candidate cannot be named twice.
Status CheckDistrictInput(std::span<const CandidateVotes> candidates,
                          std::optional<int64_t> against_all) {
  if (candidates.empty()) {
    return InvalidArgumentError("the district has no candidates");
  }
  std::set<std::string> seen;
  for (const CandidateVotes& candidate : candidates) {
    if (candidate.votes < 0) {
      return InvalidArgumentError(
          fmt::format("candidate '{}' has {} votes; votes cannot be "
                      "negative",
                      candidate.name, candidate.votes));
    }
    if (!seen.insert(NormalizeName(candidate.name)).second) {
      return InvalidArgumentError(fmt::format("candidate '{}' is given twice", candidate.name));
    }
  }
  if (against_all.has_value() && *against_all < 0) {
    return InvalidArgumentError("'against all' cannot be negative");
  }
  return OkStatus();
}

// Once someone is elected, says how "against all" compares: equal to the winner is worth a
// note (it does not block the election), and an unpublished figure cannot be compared.
void NoteAgainstAllBesideWinner(std::optional<int64_t> against_all, int64_t most,
                                DistrictOutcome& outcome) {
  if (against_all.has_value() && *against_all == most) {
    outcome.steps.push_back(
        fmt::format("'Against all' has as many votes ({}) as the winner; it "
                    "is not a candidate and does not block the election.",
                    GroupThousands(most)));
  } else if (!against_all.has_value()) {
    outcome.steps.push_back(
        "'Against all' was not published for this district, so it cannot be "
        "compared.");
  }
}

}  // namespace

std::string_view DistrictOutcomeName(DistrictOutcomeKind kind) {
  switch (kind) {
    case DistrictOutcomeKind::kElected:
      return "elected";
    case DistrictOutcomeKind::kElectedByLot:
      return "elected-by-lot";
    case DistrictOutcomeKind::kTieUndecided:
      return "tie-no-winner";
    case DistrictOutcomeKind::kAgainstAllLeads:
      return "against-all-leads";
    case DistrictOutcomeKind::kNoVotes:
      return "no-votes";
  }
  return "?";
}

std::string_view DistrictTieBreakName(DistrictTieBreak tie_break) {
  return tie_break == DistrictTieBreak::kLot ? "lot" : "none";
}

Result<DistrictOutcome> DecideDistrict(std::span<const CandidateVotes> candidates,
                                       std::optional<int64_t> against_all,
                                       DistrictTieBreak tie_break, uint64_t lot_seed) {
  RETURN_IF_ERROR(CheckDistrictInput(candidates, against_all));

  DistrictOutcome outcome;
  const int64_t most =
      std::max_element(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.votes < b.votes;
      })->votes;
  std::vector<size_t> leaders;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].votes == most) {
      leaders.push_back(i);
    }
  }
  size_t first = leaders[0];
  // Checked before any tie is broken: when "against all" leads, no one is elected, so no
  // drawing of lots is held and a tie rule of "no winner" is beside the point.
  if (against_all.has_value() && *against_all > most) {
    outcome.kind = DistrictOutcomeKind::kAgainstAllLeads;
    outcome.winner.reset();
    outcome.runner_up = first;
    outcome.margin = *against_all - most;
    outcome.steps.push_back(
        fmt::format("'Against all' ({} votes) leads every candidate (best: {} "
                    "with {}); no one is elected.",
                    GroupThousands(*against_all), candidates[first].name, GroupThousands(most)));
    return outcome;
  }
  if (most == 0) {
    outcome.kind = DistrictOutcomeKind::kNoVotes;
    outcome.steps.push_back("No candidate received a vote; no one is elected.");
    return outcome;
  }

  if (leaders.size() > 1) {
    std::vector<std::string> names;
    names.reserve(leaders.size());
    for (size_t i : leaders) {
      names.push_back(candidates[i].name);
    }
    const std::string tied = fmt::format("{}", fmt::join(names, ", "));
    if (tie_break == DistrictTieBreak::kNoWinner) {
      outcome.kind = DistrictOutcomeKind::kTieUndecided;
      outcome.steps.push_back(
          fmt::format("{} tie with {} votes each; the rule set elects no one "
                      "in a tie.",
                      tied, GroupThousands(most)));
      return outcome;
    }
    const std::vector<size_t> drawn = DrawLots(lot_seed, names);
    first = leaders[drawn[0]];
    outcome.kind = DistrictOutcomeKind::kElectedByLot;
    outcome.steps.push_back(
        fmt::format("{} tie with {} votes each; the drawing of lots with seed "
                    "{} elects {}.",
                    tied, GroupThousands(most), lot_seed, candidates[first].name));
  } else {
    outcome.kind = DistrictOutcomeKind::kElected;
  }

  // The runner-up is the best of the others (a tied leader, if any, comes first).
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (i != first && (!outcome.runner_up.has_value() ||
                       candidates[i].votes > candidates[*outcome.runner_up].votes)) {
      outcome.runner_up = i;
    }
  }
  outcome.winner = first;
  const int64_t second = outcome.runner_up.has_value() ? candidates[*outcome.runner_up].votes : 0;
  outcome.margin = most - second;
  if (outcome.kind == DistrictOutcomeKind::kElected) {
    outcome.steps.push_back(fmt::format(
        "{} has the most votes ({}), {} ahead of {}.", candidates[first].name, GroupThousands(most),
        GroupThousands(outcome.margin),
        outcome.runner_up.has_value() ? candidates[*outcome.runner_up].name : "no one"));
  }
  NoteAgainstAllBesideWinner(against_all, most, outcome);
  return outcome;
}

}  // namespace esep::law
