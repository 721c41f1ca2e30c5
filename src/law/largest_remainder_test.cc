#include "law/largest_remainder.h"

#include <cstdint>
#include <numeric>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::law {
namespace {

using ::testing::ElementsAre;

// Ranks 0, 1, 2, ... in input order: the first list wins every tie.
std::vector<size_t> InputOrder(size_t lists) {
  std::vector<size_t> ranks(lists);
  std::iota(ranks.begin(), ranks.end(), size_t{0});
  return ranks;
}

std::vector<int64_t> SeatsOf(const LargestRemainderResult& result) {
  std::vector<int64_t> seats;
  for (const LargestRemainderRow& row : result.rows) {
    seats.push_back(row.seats());
  }
  return seats;
}

TEST(LargestRemainderTest, HareQuotaIsExactBaseOverSeats) {
  EXPECT_EQ(LargestRemainderQuota(ApportionmentMethod::kHare, 70000, 8), Fraction::Whole(8750));
  // 1000 / 3 is not a whole number of votes; the quota stays an exact fraction.
  EXPECT_EQ(LargestRemainderQuota(ApportionmentMethod::kHare, 1000, 3), Fraction(1000, 3));
}

TEST(LargestRemainderTest, DroopQuotaIsFloorOfBaseOverSeatsPlusOnePlusOne) {
  // floor(70000 / 9) + 1 = 7777 + 1.
  EXPECT_EQ(LargestRemainderQuota(ApportionmentMethod::kDroop, 70000, 8), Fraction::Whole(7778));
  // floor(1000 / 4) + 1 = 251, even though 1000 / 4 is whole.
  EXPECT_EQ(LargestRemainderQuota(ApportionmentMethod::kDroop, 1000, 3), Fraction::Whole(251));
}

struct WorkedExample {
  const char* name;
  ApportionmentMethod method;
  std::vector<int64_t> votes;
  int64_t seats;
  std::vector<int64_t> want_whole;
  std::vector<int64_t> want_seats;
};

// Each expected answer is worked out by hand in the comment above its row.
const WorkedExample kWorkedExamples[] = {
    // Hare quota 70000 / 8 = 8750. Quotients 5.714, 1.6, 0.686 give 5 + 1 + 0 = 6 whole seats.
    // Remainders 6250, 5250, 6000: the 2 seats left go to A (6250) and C (6000).
    // (D'Hondt gives {7, 1, 0} and Sainte-Laguë {5, 2, 1} on the same votes.)
    {"hare_three_lists", ApportionmentMethod::kHare, {50000, 14000, 6000}, 8, {5, 1, 0}, {6, 1, 1}},
    // Droop quota floor(70000 / 9) + 1 = 7778. Quotients 6.43, 1.80, 0.77 give 6 + 1 + 0 = 7.
    // Remainders 50000 - 46668 = 3332, 14000 - 7778 = 6222, 6000: the last seat goes to B.
    {"droop_three_lists",
     ApportionmentMethod::kDroop,
     {50000, 14000, 6000},
     8,
     {6, 1, 0},
     {6, 2, 0}},
    // Hare quota 100000 / 10 = 10000. Whole 4+1+1+1+0+0 = 7; remainders 7000, 6000, 5800,
    // 2000, 6100, 3100: the 3 seats left go to A (7000), E (6100) and B (6000).
    {"hare_six_lists",
     ApportionmentMethod::kHare,
     {47000, 16000, 15800, 12000, 6100, 3100},
     10,
     {4, 1, 1, 1, 0, 0},
     {5, 2, 1, 1, 1, 0}},
    // Droop quota floor(100000 / 11) + 1 = 9092. Whole 5+1+1+1+0+0 = 8; remainders 1540, 6908,
    // 6708, 2908, 6100, 3100: the 2 seats left go to B (6908) and C (6708).
    {"droop_six_lists",
     ApportionmentMethod::kDroop,
     {47000, 16000, 15800, 12000, 6100, 3100},
     10,
     {5, 1, 1, 1, 0, 0},
     {5, 2, 2, 1, 0, 0}},
    // A list with no votes has no quota and no remainder: quota 1000 / 4 = 250, A gets 3 whole
    // seats (remainder 0), B 1 whole seat (remainder 0); nothing is left for C.
    {"zero_votes_get_nothing", ApportionmentMethod::kHare, {750, 250, 0}, 4, {3, 1, 0}, {3, 1, 0}},
};

TEST(LargestRemainderTest, WorkedExamples) {
  for (const WorkedExample& example : kWorkedExamples) {
    SCOPED_TRACE(example.name);
    Result<LargestRemainderResult> result = AllocateLargestRemainder(
        example.method, example.votes, example.seats, InputOrder(example.votes.size()));
    ASSERT_TRUE(result.has_value()) << result.error().ToString();
    std::vector<int64_t> whole;
    for (const LargestRemainderRow& row : result->rows) {
      whole.push_back(row.whole_seats);
    }
    EXPECT_EQ(whole, example.want_whole);
    EXPECT_EQ(SeatsOf(*result), example.want_seats);
  }
}

TEST(LargestRemainderTest, QuotientsAndRemaindersAreExactFractions) {
  // Hare quota 300 / 7. Each list's quotient is 100 / (300/7) = 7/3 = 2.333...: two whole
  // seats and a remainder of 100 - 2 * 300/7 = 100/7 votes.
  Result<LargestRemainderResult> result = AllocateLargestRemainder(
      ApportionmentMethod::kHare, std::vector<int64_t>{100, 100, 100}, 7, InputOrder(3));
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_EQ(result->quota, Fraction(300, 7));
  for (const LargestRemainderRow& row : result->rows) {
    EXPECT_EQ(row.quotient, Fraction(7, 3));
    EXPECT_EQ(row.whole_seats, 2);
    EXPECT_EQ(row.remainder, Fraction(100, 7));
  }
}

TEST(LargestRemainderTest, RemainderSeatsAreHandedOutLargestFirst) {
  // The hare_six_lists example: remainders A 7000, E 6100, B 6000, C 5800, F 3100, D 2000.
  Result<LargestRemainderResult> result = AllocateLargestRemainder(
      ApportionmentMethod::kHare, std::vector<int64_t>{47000, 16000, 15800, 12000, 6100, 3100}, 10,
      InputOrder(6));
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_THAT(result->remainder_ranking, ElementsAre(0, 4, 1, 2, 5, 3));
  EXPECT_THAT(result->remainder_order, ElementsAre(0, 4, 1));
}

TEST(LargestRemainderTest, EqualRemaindersGoToTheLowerPriorityRank) {
  // Quota 200 / 3; both lists have 1.5 quotas: one whole seat each and equal remainders of
  // 100/3 votes. The one seat left goes to whichever list the caller ranks first.
  const std::vector<int64_t> votes = {100, 100};
  struct Row {
    const char* name;
    std::vector<size_t> ranks;
    std::vector<int64_t> want;
  };
  const Row rows[] = {
      {"first_ranked_first", {0, 1}, {2, 1}},
      {"second_ranked_first", {1, 0}, {1, 2}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    Result<LargestRemainderResult> result =
        AllocateLargestRemainder(ApportionmentMethod::kHare, votes, 3, row.ranks);
    ASSERT_TRUE(result.has_value()) << result.error().ToString();
    EXPECT_EQ(result->rows[0].remainder, result->rows[1].remainder);
    EXPECT_EQ(SeatsOf(*result), row.want);
  }
}

TEST(LargestRemainderTest, BadInputIsAnErrorNotACrash) {
  struct Row {
    const char* name;
    std::vector<int64_t> votes;
    int64_t seats;
    std::vector<size_t> ranks;
    StatusCode want;
  };
  const Row rows[] = {
      {"negative_votes", {100, -1}, 3, {0, 1}, StatusCode::kInvalidArgument},
      {"zero_seats", {100, 50}, 0, {0, 1}, StatusCode::kInvalidArgument},
      {"negative_seats", {100, 50}, -2, {0, 1}, StatusCode::kInvalidArgument},
      {"no_votes_at_all", {0, 0}, 3, {0, 1}, StatusCode::kFailedPrecondition},
      {"no_lists", {}, 3, {}, StatusCode::kFailedPrecondition},
      {"ranks_do_not_match_votes", {100, 50}, 3, {0}, StatusCode::kInternal},
  };
  for (const ApportionmentMethod method :
       {ApportionmentMethod::kHare, ApportionmentMethod::kDroop}) {
    SCOPED_TRACE(MethodName(method));
    for (const Row& row : rows) {
      SCOPED_TRACE(row.name);
      Result<LargestRemainderResult> result =
          AllocateLargestRemainder(method, row.votes, row.seats, row.ranks);
      EXPECT_EQ(result.status().code(), row.want) << result.status().ToString();
    }
  }
}

}  // namespace
}  // namespace esep::law
