// The alterations behind the injected irregularities (synth/irregularities.h): each changes one
// protocol's figures in one way and says how much it changed. Those meant to be invisible to
// arithmetic (added ballots, moved votes, round percentages) keep every control ratio of
// docs/control-ratios.md; BreakRatio breaks exactly the one it is given. Pure functions on
// plain data; thread-safe.

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "protocol/protocol.h"

namespace esep::synth {

// The error-level ratios of one protocol that BreakRatio can break, each alone.
inline constexpr std::array<std::string_view, 8> kBreakableRatios = {
    "KZ-01", "KZ-02", "KZ-03", "KZ-04", "KZ-05", "KZ-06", "KZ-07", "KZ-08"};

// The index of the choice with the most votes (the first of equals). REQUIRES: not empty.
size_t Leader(const std::vector<int64_t>& votes);

// How many ballots can be added to `p` with the control ratios still holding: no more than the
// voters who did not vote, nor than the unused ballots.
int64_t BallotRoom(const protocol::Protocol& p);

// Adds `ballots` ballots issued in the premises and found in the stationary box, all valid and
// cast for the leader, taken from the unused ballots (ballots received do not change).
// REQUIRES: 0 <= ballots <= BallotRoom(p).
void AddBallotsForLeader(protocol::Protocol& p, int64_t ballots);

// Moves `fraction` of every other choice's votes (rounded down) to the leader; when that moves
// nothing, one vote from the largest other choice. Totals do not change. Returns the votes
// moved (0 when no other choice has a vote). REQUIRES: 0 <= fraction < 1.
int64_t MoveVotesToLeader(protocol::Protocol& p, double fraction);

// Makes the left side of `ratio_id` (one of kBreakableRatios) exceed its right side by
// `excess`, changing only figures that no other error-level ratio of the protocol involves
// together. Returns false, leaving `p` unchanged, when `p` has no room for it (KZ-05 needs
// more ballots issued than voters added on the day; KZ-06 a stationary box to move ballots
// from). REQUIRES: p passes the control ratios; excess >= 1.
bool BreakRatio(protocol::Protocol& p, std::string_view ratio_id, int64_t excess);

// Fabricates `p` so that ballots issued / voters on the list is a whole percentage no lower
// than the real one: voters on the list move by the fewest possible (at most 99), and ballots
// are added for the leader as by AddBallotsForLeader. `mirror` (the precinct's other protocol,
// with the same ballot account, or null) gets the same voters and ballots, so that both
// ballots issued still agree. Returns the percentage, or nullopt (nothing changed) when no
// fabrication within those bounds changes a figure and keeps the control ratios.
std::optional<int> RoundTurnout(protocol::Protocol& p, protocol::Protocol* mirror);

// Fabricates `p` so that the leader's share of the ballots found in the boxes, votes / (valid +
// invalid), is a whole percentage no lower than the real one and at most 10 points above it: the
// share the integer-percentage test measures (by default and as Kobak et al. 2016 define it;
// docs/forensics-integer-digits.md). The fewest ballots that make it possible (0 to 99, within
// the room of AddBallotsForLeader) are added for the leader, as by AddBallotsForLeader; when
// ballots issued / voters on the list is already whole, only as many as keep it whole. The
// leader then gets the percentage and the other choices give up the difference in proportion.
// `mirror` (the precinct's other protocol, or null) gets the same added ballots, so that both
// ballot accounts still agree. Returns the percentage, or nullopt (nothing changed) when no such
// fabrication keeps the leader first and the control ratios.
std::optional<int> RoundLeaderShare(protocol::Protocol& p, protocol::Protocol* mirror);

}  // namespace esep::synth
