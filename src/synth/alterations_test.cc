#include "synth/alterations.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "protocol/control_ratio.h"
#include "protocol/validation.h"

namespace esep::synth {
namespace {

using protocol::Protocol;

std::span<const protocol::ControlRatio> Ratios() {
  return *protocol::ControlRatios("kz-majilis-2023");
}

// A clean protocol: the ballot account of `voters` voters of whom `issued` voted (a tenth at
// home), `invalid` invalid ballots and the valid ones split 60/25/10/5 (against all last).
Protocol Clean(int64_t voters, int64_t issued, int64_t invalid) {
  Protocol p;
  p.commission_id = "PEC-TEST-00001";
  p.voters_on_list = voters;
  p.voters_added_on_day = voters / 50;
  p.ballots_received = voters + (voters + 99) / 100;
  p.ballots_issued_mobile = issued / 10;
  p.ballots_issued_premises = issued - p.ballots_issued_mobile;
  p.ballots_issued_absentee = p.ballots_issued_premises / 100;
  p.ballots_spoiled = issued > 0 ? 1 : 0;
  p.ballots_unused = p.ballots_received - issued - p.ballots_spoiled;
  p.ballots_in_stationary_boxes = p.ballots_issued_premises;
  p.ballots_in_mobile_boxes = p.ballots_issued_mobile;
  p.invalid_ballots = std::min(invalid, issued);
  p.valid_ballots = issued - p.invalid_ballots;
  const int64_t first = p.valid_ballots * 60 / 100;
  const int64_t second = p.valid_ballots * 25 / 100;
  const int64_t third = p.valid_ballots * 10 / 100;
  p.choice_votes = {first, second, third};
  p.against_all = p.valid_ballots - first - second - third;
  p.turnout_reported_during_day = issued * 9 / 10;
  return p;
}

std::set<std::string> Errors(const Protocol& p) {
  std::set<std::string> errors;
  for (const protocol::Finding& finding : protocol::Validate(p, Ratios()).findings) {
    errors.insert(finding.rule_id);
  }
  return errors;
}

TEST(AlterationsTest, TheCleanProtocolsPassEveryRatio) {
  for (int64_t voters = 1; voters <= 400; ++voters) {
    SCOPED_TRACE(voters);
    EXPECT_EQ(Errors(Clean(voters, voters * 3 / 5, voters / 40)), std::set<std::string>());
  }
}

TEST(AlterationsTest, BreakRatioBreaksExactlyTheRatioNamed) {
  for (std::string_view ratio : kBreakableRatios) {
    for (int64_t excess : {1, 7}) {
      SCOPED_TRACE(std::string(ratio) + " by " + std::to_string(excess));
      Protocol p = Clean(1000, 620, 7);
      ASSERT_TRUE(BreakRatio(p, ratio, excess));
      EXPECT_EQ(Errors(p), std::set<std::string>{std::string(ratio)});
      for (const protocol::Finding& finding : protocol::Validate(p, Ratios()).findings) {
        EXPECT_EQ(finding.left - finding.right, excess);  // exactly the excess asked for
      }
    }
  }
}

TEST(AlterationsTest, BreakRatioRefusesWhenThereIsNoRoom) {
  Protocol p = Clean(1000, 10, 0);  // 10 ballots issued, 20 voters added on the day
  const Protocol before = p;
  EXPECT_FALSE(BreakRatio(p, "KZ-05", 1));  // voters on the list cannot fall below 20
  p.ballots_in_stationary_boxes = 0;
  p.ballots_in_mobile_boxes = 0;
  EXPECT_FALSE(BreakRatio(p, "KZ-06", 3));  // nothing in the stationary box to move
  EXPECT_FALSE(BreakRatio(p, "KZ-99", 1));
  EXPECT_EQ(p.voters_on_list, before.voters_on_list);
}

TEST(AlterationsTest, AddedBallotsAndMovedVotesKeepEveryRatio) {
  for (int64_t voters : {1, 2, 9, 37, 100, 1234}) {
    SCOPED_TRACE(voters);
    Protocol stuffed = Clean(voters, voters / 2, voters / 30);
    const int64_t room = BallotRoom(stuffed);
    EXPECT_EQ(room, std::min(voters - voters / 2, stuffed.ballots_unused));
    const int64_t leader_votes = stuffed.choice_votes[0];
    AddBallotsForLeader(stuffed, room);
    EXPECT_EQ(stuffed.choice_votes[0], leader_votes + room);
    EXPECT_EQ(Errors(stuffed), std::set<std::string>());
    EXPECT_EQ(BallotRoom(stuffed), 0);

    Protocol moved = Clean(voters, voters * 2 / 3, 0);
    const Protocol before = moved;
    const int64_t votes = MoveVotesToLeader(moved, 0.3);
    EXPECT_EQ(moved.choice_votes[0], before.choice_votes[0] + votes);
    EXPECT_EQ(moved.valid_ballots, before.valid_ballots);
    EXPECT_EQ(moved.against_all, before.against_all);
    EXPECT_EQ(Errors(moved), std::set<std::string>());
    const bool others_had_votes = before.choice_votes[1] + before.choice_votes[2] > 0;
    EXPECT_EQ(votes > 0, others_had_votes);
  }
}

// Over many sizes, every fabricated percentage is whole by integer arithmetic, the protocol
// still passes, and a refusal leaves it unchanged.
TEST(AlterationsTest, RoundPercentagesAreWholeAndPass) {
  int64_t rounded_turnout = 0;
  int64_t rounded_share = 0;
  for (int64_t voters = 1; voters <= 600; voters += 1) {
    SCOPED_TRACE(voters);
    Protocol p = Clean(voters, voters * 7 / 11, voters / 25);
    Protocol mirror = p;
    mirror.contest = {protocol::ContestRef::Kind::kDistrict, 1};
    const Protocol before = p;
    const std::optional<int> turnout = RoundTurnout(p, &mirror);
    if (turnout.has_value()) {
      ++rounded_turnout;
      EXPECT_EQ(p.ballots_issued() * 100, *turnout * p.voters_on_list);
      EXPECT_EQ(p.ballots_in_boxes() * 100, *turnout * p.voters_on_list);
      EXPECT_GE(p.ballots_issued(), before.ballots_issued());
      EXPECT_LE(std::abs(p.voters_on_list - before.voters_on_list), 99);
      EXPECT_EQ(mirror.ballots_issued(), p.ballots_issued());
      EXPECT_EQ(mirror.voters_on_list, p.voters_on_list);
      EXPECT_EQ(Errors(mirror), std::set<std::string>());
    } else {
      EXPECT_EQ(p.voters_on_list, before.voters_on_list);
      EXPECT_EQ(p.ballots_issued(), before.ballots_issued());
    }
    const bool turnout_whole = (p.ballots_issued() * 100) % p.voters_on_list == 0;
    const Protocol before_share = p;
    const std::optional<int> share = RoundLeaderShare(p, &mirror);
    if (share.has_value()) {
      ++rounded_share;
      // The share of the ballots found, valid + invalid: what the integer-percentage test reads.
      EXPECT_EQ(p.choice_votes[0] * 100, *share * (p.valid_ballots + p.invalid_ballots));
      EXPECT_EQ(Leader(p.choice_votes), 0u);
      EXPECT_LE(p.ballots_issued() - before_share.ballots_issued(), 99);
      EXPECT_EQ(mirror.ballots_issued(), p.ballots_issued());
      if (turnout_whole) {
        EXPECT_EQ((p.ballots_issued() * 100) % p.voters_on_list, 0);
      }
    } else {
      EXPECT_EQ(p.choice_votes, before_share.choice_votes);
      EXPECT_EQ(p.ballots_issued(), before_share.ballots_issued());
    }
    EXPECT_EQ(Errors(p), std::set<std::string>());
    EXPECT_EQ(protocol::ValidatePrecinct(p, mirror, Ratios()).findings.size(), 0u);
  }
  // Only a precinct with nobody voting or no room at all is refused.
  EXPECT_GE(rounded_turnout, 590);
  EXPECT_GE(rounded_share, 550);
}

TEST(AlterationsTest, RoundLeaderShareOfAWorkedExample) {
  // 620 of 1000 voted (62 %, whole), 7 invalid, leader 367: 59.19 % of the 620 ballots found
  // (59.87 % of the 613 valid). 60 % of 620 is 372, a whole count: no ballot needs adding, the
  // leader takes 5 votes from the others in proportion (3.6 and 1.4, rounded down, then the
  // first other the last one), and the turnout stays 62 %.
  Protocol p = Clean(1000, 620, 7);
  ASSERT_EQ(p.valid_ballots + p.invalid_ballots, 620);
  ASSERT_EQ(p.choice_votes, (std::vector<int64_t>{367, 153, 61}));
  EXPECT_EQ(RoundLeaderShare(p, nullptr), std::optional<int>(60));
  EXPECT_EQ(p.choice_votes, (std::vector<int64_t>{372, 149, 60}));
  EXPECT_EQ(p.ballots_issued(), 620);
  EXPECT_EQ(Errors(p), std::set<std::string>());

  // 613 found of 1000 (61.3 %, not whole), leader 363: 59.22 %. 613 is coprime with 100; one more
  // ballot (614) allows only multiples of 50; two (615 found, leader 365) allow multiples of 20:
  // 60 % of 615 = 369, the leader takes 4 more. The mirror gets the same 2 ballots.
  Protocol q = Clean(1000, 613, 0);
  ASSERT_EQ(q.choice_votes[0], 367);
  q.choice_votes[0] = 363;
  q.against_all += 4;
  ASSERT_EQ(Errors(q), std::set<std::string>());
  Protocol mirror = q;
  EXPECT_EQ(RoundLeaderShare(q, &mirror), std::optional<int>(60));
  EXPECT_EQ(q.ballots_issued(), 615);
  EXPECT_EQ(mirror.ballots_issued(), 615);
  EXPECT_EQ(q.choice_votes[0], 369);
  EXPECT_EQ(Errors(q), std::set<std::string>());
}

TEST(AlterationsTest, LeaderIsTheFirstOfEquals) {
  EXPECT_EQ(Leader({3, 9, 9, 1}), 1u);
  EXPECT_EQ(Leader({0, 0}), 0u);
}

}  // namespace
}  // namespace esep::synth
