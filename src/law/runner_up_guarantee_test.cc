// The runner-up guarantee (Constitutional Law "On Elections", Art. 97-1 as reported; see
// docs/law.md §6): when only one list passes the threshold, the list with the next-most votes
// is admitted and gets at least two seats, taken from the leader.

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "law/internal/allocation_test_util.h"
#include "law/list_allocation.h"

namespace esep::law {
namespace {

using ::esep::law::internal::HasStep;
using ::esep::law::internal::List;
using ::esep::law::internal::Registered;
using ::esep::law::internal::RowNamed;
using ::esep::law::internal::SeatsByName;
using ::esep::law::internal::Steps;

// 7% threshold, at least 2 seats for the runner-up.
ListRules GuaranteeRules(int64_t seats) {
  return ListRules{
      .seats = seats, .threshold_percent = Fraction::Whole(7), .runner_up_min_seats = 2};
}

TEST(RunnerUpGuaranteeTest, RunnerUpGuaranteeTakesSeatsFromTheLeader) {
  // Base 10000: only A (90%) passes 7%, so B (4%, next-most votes) is admitted too.
  // Hare among A and B: quota 9400 / 10 = 940; A 9.57 → 9, B 0.43 → 0; the seat left goes to
  // A (remainder 540 > 400). A 10, B 0 by the method; the guarantee moves 2 seats to B.
  const ListContestVotes votes{
      .lists = {List("A", 9000), List("B", 400), List("C", 300), List("D", 300)}};
  Result<ListAllocation> allocation = AllocateListSeats(votes, GuaranteeRules(10));
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  const std::map<std::string, int64_t> want = {{"A", 8}, {"B", 2}, {"C", 0}, {"D", 0}};
  EXPECT_EQ(SeatsByName(*allocation), want) << Steps(*allocation);
  const ListAllocationRow& a = RowNamed(*allocation, "A");
  const ListAllocationRow& b = RowNamed(*allocation, "B");
  EXPECT_EQ(a.admission, Admission::kPassedThreshold);
  EXPECT_EQ(b.admission, Admission::kRunnerUpGuarantee);
  EXPECT_EQ(RowNamed(*allocation, "C").admission, Admission::kBelowThreshold);
  EXPECT_EQ(a.guarantee_change, -2);
  EXPECT_EQ(b.guarantee_change, 2);
  // seats_won includes the guarantee; the method alone gave A 10 and B 0.
  EXPECT_EQ(a.seats_won - a.guarantee_change, 10);
  EXPECT_EQ(b.seats_won - b.guarantee_change, 0);
  EXPECT_EQ(allocation->admitted_votes, 9400);
  EXPECT_TRUE(HasStep(*allocation, "admission", "guaranteed at least 2 seats"))
      << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "guarantee", "B is raised from 0 to 2 seats"))
      << Steps(*allocation);
}

struct GuaranteeExample {
  const char* name;
  std::vector<int64_t> votes;  // lists A, B, C, D; only A passes 7%, B is next
  int64_t seats;
  int64_t want_leader;
  int64_t want_runner_up;
  int64_t want_change;  // seats moved from A to B
  const char* want_step;
};

const GuaranteeExample kGuaranteeExamples[] = {
    // Hare among A and B: quota 9600 / 10 = 960; A 9.375 → 9, B 0.625 → 0; the seat left
    // goes to B (0.625 > 0.375). B has 1 by the method and is raised to 2.
    {"runner_up_wins_one_seat",
     {9000, 600, 200, 200},
     10,
     8,
     2,
     1,
     "B is raised from 1 to 2 seats and A goes from 9 to 8"},
    // Quota 9600 / 50 = 192; A 46.875 → 46, B 3.125 → 3; the seat left goes to A.
    // B already has 3 ≥ 2 seats: nothing moves.
    {"runner_up_wins_three_seats",
     {9000, 600, 200, 200},
     50,
     47,
     3,
     0,
     "B already has 3 seats (at least 2), nothing to change"},
    // Quota 9200 / 100 = 92; A 97.83 → 97, B 2.17 → 2; the seat left goes to A. Exactly 2.
    {"runner_up_wins_exactly_two_seats",
     {9000, 200, 150, 150},
     100,
     98,
     2,
     0,
     "already has 2 seats"},
};

TEST(RunnerUpGuaranteeTest, RunnerUpGuaranteeTopsUpOnlyWhatIsMissing) {
  for (const GuaranteeExample& example : kGuaranteeExamples) {
    SCOPED_TRACE(example.name);
    const ListContestVotes votes{.lists = {List("A", example.votes[0]), List("B", example.votes[1]),
                                           List("C", example.votes[2]),
                                           List("D", example.votes[3])}};
    Result<ListAllocation> allocation = AllocateListSeats(votes, GuaranteeRules(example.seats));
    ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
    EXPECT_EQ(RowNamed(*allocation, "B").admission, Admission::kRunnerUpGuarantee)
        << Steps(*allocation);
    EXPECT_EQ(RowNamed(*allocation, "A").seats, example.want_leader) << Steps(*allocation);
    EXPECT_EQ(RowNamed(*allocation, "B").seats, example.want_runner_up) << Steps(*allocation);
    EXPECT_EQ(RowNamed(*allocation, "A").guarantee_change, -example.want_change);
    EXPECT_EQ(RowNamed(*allocation, "B").guarantee_change, example.want_change);
    EXPECT_TRUE(HasStep(*allocation, "guarantee", example.want_step)) << Steps(*allocation);
  }
}

TEST(RunnerUpGuaranteeTest, TieForRunnerUpPlaceFollowsTheTieRule) {
  // B and C tie for the next-most votes; C registered earlier, so C is admitted.
  const ListContestVotes votes{
      .lists = {Registered("A", 9000, "2023-02-15"), Registered("B", 400, "2023-02-14"),
                Registered("C", 400, "2023-02-13"), Registered("D", 200, "2023-02-12")}};
  Result<ListAllocation> allocation = AllocateListSeats(votes, GuaranteeRules(10));
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  const std::map<std::string, int64_t> want = {{"A", 8}, {"B", 0}, {"C", 2}, {"D", 0}};
  EXPECT_EQ(SeatsByName(*allocation), want) << Steps(*allocation);
  EXPECT_EQ(RowNamed(*allocation, "B").admission, Admission::kBelowThreshold);
  EXPECT_EQ(RowNamed(*allocation, "C").admission, Admission::kRunnerUpGuarantee);
  EXPECT_TRUE(HasStep(*allocation, "tie",
                      "Tie for the runner-up place: C's list was registered "
                      "earlier"))
      << Steps(*allocation);

  EXPECT_FALSE(allocation->lot_decided);
}

TEST(RunnerUpGuaranteeTest, TieForRunnerUpPlaceCanBeDecidedByLot) {
  // B and C tie for the next-most votes and nothing else separates them.
  const ListContestVotes votes{
      .lists = {List("A", 9000), List("B", 400), List("C", 400), List("D", 200)}};
  ListRules rules = GuaranteeRules(10);
  rules.tie_break = TieBreak::kMoreVotesThenLot;
  rules.lot_seed = 11;
  Result<ListAllocation> allocation = AllocateListSeats(votes, rules);
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  EXPECT_EQ(RowNamed(*allocation, "B").seats + RowNamed(*allocation, "C").seats, 2);
  EXPECT_TRUE(allocation->lot_decided);
  EXPECT_TRUE(HasStep(*allocation, "tie", "Tie for the runner-up place")) << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "lot", "seed 11")) << Steps(*allocation);
}

TEST(RunnerUpGuaranteeTest, NoGuaranteeWhenTwoListsPassOrWhenItIsOff) {
  const ListContestVotes votes{
      .lists = {List("A", 8000), List("B", 1200), List("C", 400), List("D", 400)}};
  Result<ListAllocation> two_pass = AllocateListSeats(votes, GuaranteeRules(10));
  ASSERT_TRUE(two_pass.has_value()) << two_pass.error().ToString();
  EXPECT_EQ(RowNamed(*two_pass, "C").admission, Admission::kBelowThreshold);
  EXPECT_FALSE(HasStep(*two_pass, "guarantee", "")) << Steps(*two_pass);

  const ListContestVotes one_passes{
      .lists = {List("A", 9000), List("B", 400), List("C", 300), List("D", 300)}};
  ListRules off = GuaranteeRules(10);
  off.runner_up_min_seats = 0;
  Result<ListAllocation> allocation = AllocateListSeats(one_passes, off);
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  const std::map<std::string, int64_t> want = {{"A", 10}, {"B", 0}, {"C", 0}, {"D", 0}};
  EXPECT_EQ(SeatsByName(*allocation), want) << Steps(*allocation);
  EXPECT_EQ(RowNamed(*allocation, "B").admission, Admission::kBelowThreshold);
}

TEST(RunnerUpGuaranteeTest, GuaranteeThatLeavesTheLeaderNothingIsAnError) {
  const ListContestVotes votes{.lists = {List("A", 9000), List("B", 400), List("C", 600)}};
  Result<ListAllocation> allocation = AllocateListSeats(votes, GuaranteeRules(2));
  EXPECT_EQ(allocation.status().code(), StatusCode::kFailedPrecondition)
      << allocation.status().ToString();
}

}  // namespace
}  // namespace esep::law
