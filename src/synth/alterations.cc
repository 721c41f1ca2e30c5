#include "synth/alterations.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace esep::synth {

namespace {

using protocol::Protocol;

int64_t SumOfChoices(const Protocol& p) {
  return std::accumulate(p.choice_votes.begin(), p.choice_votes.end(), int64_t{0});
}

// Takes `amount` votes from the choices other than `leader`, in proportion to their votes
// (rounded down, then one at a time in choice order). REQUIRES: amount <= their votes.
void TakeFromOthers(std::vector<int64_t>& votes, size_t leader, int64_t amount) {
  int64_t others = 0;
  for (size_t i = 0; i < votes.size(); ++i) {
    others += i == leader ? 0 : votes[i];
  }
  assert(amount <= others);  // the caller checked
  if (amount <= 0 || others == 0) {
    return;
  }
  int64_t taken = 0;
  for (size_t i = 0; i < votes.size(); ++i) {
    if (i != leader) {
      const int64_t take = amount * votes[i] / others;
      votes[i] -= take;
      taken += take;
    }
  }
  for (size_t i = 0; taken < amount; i = (i + 1) % votes.size()) {
    if (i != leader && votes[i] > 0) {
      --votes[i];
      ++taken;
    }
  }
}

// The smallest whole percentage p with p × whole >= 100 × part. REQUIRES: whole > 0.
int64_t CeilPercent(int64_t part, int64_t whole) { return (part * 100 + whole - 1) / whole; }

// Moves of up to 99 in the order 0, +1, -1, +2, -2, ...
constexpr int64_t kMaxStep = 99;
int64_t Step(int64_t k) { return k % 2 == 1 ? (k + 1) / 2 : -(k / 2); }

// How far above the real percentage a fabricated one may go.
constexpr int64_t kMaxRaise = 10;

}  // namespace

size_t Leader(const std::vector<int64_t>& votes) {
  assert(!votes.empty());  // every protocol has at least one choice
  return static_cast<size_t>(std::max_element(votes.begin(), votes.end()) - votes.begin());
}

int64_t BallotRoom(const Protocol& p) {
  return std::max<int64_t>(0, std::min(p.voters_on_list - p.ballots_issued(), p.ballots_unused));
}

void AddBallotsForLeader(Protocol& p, int64_t ballots) {
  assert(ballots >= 0 && ballots <= BallotRoom(p));  // the caller measured the room
  p.ballots_unused -= ballots;
  p.ballots_issued_premises += ballots;
  p.ballots_in_stationary_boxes += ballots;
  p.valid_ballots += ballots;
  p.choice_votes[Leader(p.choice_votes)] += ballots;
}

int64_t MoveVotesToLeader(Protocol& p, double fraction) {
  const size_t leader = Leader(p.choice_votes);
  int64_t moved = 0;
  for (size_t i = 0; i < p.choice_votes.size(); ++i) {
    if (i != leader) {
      const auto take =
          static_cast<int64_t>(std::floor(static_cast<double>(p.choice_votes[i]) * fraction));
      p.choice_votes[i] -= take;
      moved += take;
    }
  }
  if (moved == 0) {
    size_t largest = leader;
    for (size_t i = 0; i < p.choice_votes.size(); ++i) {
      if (i != leader && p.choice_votes[i] > 0 &&
          (largest == leader || p.choice_votes[i] > p.choice_votes[largest])) {
        largest = i;
      }
    }
    if (largest == leader) {
      return 0;
    }
    --p.choice_votes[largest];
    moved = 1;
  }
  p.choice_votes[leader] += moved;
  return moved;
}

bool BreakRatio(Protocol& p, std::string_view ratio_id, int64_t excess) {
  const int64_t issued = p.ballots_issued();
  if (ratio_id == "KZ-01") {  // received = issued + unused + spoiled
    p.ballots_received = issued + p.ballots_unused + p.ballots_spoiled + excess;
  } else if (ratio_id == "KZ-02") {  // in boxes <= issued; valid ballots for the leader
    const int64_t added = issued - p.ballots_in_boxes() + excess;
    p.ballots_in_stationary_boxes += added;
    p.valid_ballots += added;
    p.choice_votes[Leader(p.choice_votes)] += added;
  } else if (ratio_id == "KZ-03") {  // valid + invalid = in boxes
    p.invalid_ballots = p.ballots_in_boxes() - p.valid_ballots + excess;
  } else if (ratio_id == "KZ-04") {  // choices + against all = valid
    p.choice_votes[Leader(p.choice_votes)] +=
        p.valid_ballots - SumOfChoices(p) - p.against_all + excess;
  } else if (ratio_id == "KZ-05") {  // issued <= voters on the list
    if (issued - excess < p.voters_added_on_day) {
      return false;  // KZ-08 would break too
    }
    p.voters_on_list = issued - excess;
  } else if (ratio_id == "KZ-06") {  // mobile boxes <= issued for mobile voting
    const int64_t moved = p.ballots_issued_mobile - p.ballots_in_mobile_boxes + excess;
    if (moved > p.ballots_in_stationary_boxes) {
      return false;
    }
    p.ballots_in_stationary_boxes -= moved;
    p.ballots_in_mobile_boxes += moved;
  } else if (ratio_id == "KZ-07") {  // absentee <= issued in the premises
    p.ballots_issued_absentee = p.ballots_issued_premises + excess;
  } else if (ratio_id == "KZ-08") {  // added on the day <= voters on the list
    p.voters_added_on_day = p.voters_on_list + excess;
  } else {
    return false;
  }
  return true;
}

std::optional<int> RoundTurnout(Protocol& p, Protocol* mirror) {
  const int64_t issued = p.ballots_issued();
  for (int64_t k = 0; k <= 2 * kMaxStep; ++k) {
    const int64_t step = Step(k);
    const int64_t voters = p.voters_on_list + step;
    if (voters < 1 || voters < issued || voters < p.voters_added_on_day ||
        (mirror != nullptr && voters < mirror->voters_added_on_day)) {
      continue;
    }
    const int64_t lowest = CeilPercent(issued, voters);
    for (int64_t percent = std::max<int64_t>(1, lowest);
         percent <= std::min<int64_t>(100, lowest + kMaxRaise); ++percent) {
      if (percent * voters % 100 != 0) {
        continue;
      }
      const int64_t added = percent * voters / 100 - issued;  // >= 0: percent >= lowest
      if ((step == 0 && added == 0) || added > p.ballots_unused ||
          (mirror != nullptr && added > mirror->ballots_unused)) {
        continue;  // nothing fabricated, or more ballots than were printed
      }
      p.voters_on_list = voters;
      AddBallotsForLeader(p, added);
      if (mirror != nullptr) {
        mirror->voters_on_list = voters;
        AddBallotsForLeader(*mirror, added);
      }
      return static_cast<int>(percent);
    }
  }
  return std::nullopt;
}

std::optional<int> RoundLeaderShare(Protocol& p, Protocol* mirror) {
  const size_t leader = Leader(p.choice_votes);
  const int64_t found = p.valid_ballots + p.invalid_ballots;  // = ballots in the boxes (KZ-03)
  const int64_t others = SumOfChoices(p) - p.choice_votes[leader];
  const int64_t voters = p.voters_on_list;
  // A whole turnout (fabricated just before, or by chance) stays whole.
  const bool turnout_whole = voters > 0 && (p.ballots_issued() * 100) % voters == 0;
  int64_t room = BallotRoom(p);
  if (mirror != nullptr) {
    room = std::min(room, BallotRoom(*mirror));
  }
  for (int64_t added = 0; added <= std::min(kMaxStep, room); ++added) {
    if (turnout_whole && ((p.ballots_issued() + added) * 100) % voters != 0) {
      continue;
    }
    const int64_t base = found + added;
    const int64_t votes = p.choice_votes[leader] + added;
    if (base < 1) {
      continue;
    }
    const int64_t lowest = CeilPercent(votes, base);
    for (int64_t percent = std::max<int64_t>(1, lowest);
         percent <= std::min<int64_t>(100, lowest + kMaxRaise); ++percent) {
      if (percent * base % 100 != 0) {
        continue;
      }
      const int64_t taken = (percent * base / 100) - votes;  // >= 0: percent >= lowest
      if ((added == 0 && taken == 0) || taken > others) {
        continue;  // nothing fabricated, or more votes than the others have
      }
      AddBallotsForLeader(p, added);
      if (mirror != nullptr) {
        AddBallotsForLeader(*mirror, added);
      }
      p.choice_votes[leader] += taken;
      TakeFromOthers(p.choice_votes, leader, taken);
      return static_cast<int>(percent);
    }
  }
  return std::nullopt;
}

}  // namespace esep::synth
