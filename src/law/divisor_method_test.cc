#include "law/divisor_method.h"

#include <cstdint>
#include <numeric>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::law {
namespace {

using ::testing::ElementsAre;

// Both implementations, so that every example checks each of them.
struct Implementation {
  const char* name;
  Result<std::vector<DivisorAward>> (*allocate)(ApportionmentMethod, std::span<const int64_t>,
                                                int64_t, std::span<const size_t>);
};

const Implementation kImplementations[] = {
    {"by_divisors", &AllocateByDivisors},
    {"by_quotient_table", &AllocateByQuotientTable},
};

std::vector<size_t> InputOrder(size_t lists) {
  std::vector<size_t> ranks(lists);
  std::iota(ranks.begin(), ranks.end(), size_t{0});
  return ranks;
}

std::vector<size_t> AwardedLists(const std::vector<DivisorAward>& awards) {
  std::vector<size_t> lists;
  lists.reserve(awards.size());
  for (const DivisorAward& award : awards) {
    lists.push_back(award.list);
  }
  return lists;
}

TEST(DivisorMethodTest, DivisorSequences) {
  std::vector<int64_t> dhondt;
  std::vector<int64_t> sainte_lague;
  for (int64_t held = 0; held < 5; ++held) {
    dhondt.push_back(Divisor(ApportionmentMethod::kDHondt, held));
    sainte_lague.push_back(Divisor(ApportionmentMethod::kSainteLague, held));
  }
  EXPECT_THAT(dhondt, ElementsAre(1, 2, 3, 4, 5));
  EXPECT_THAT(sainte_lague, ElementsAre(1, 3, 5, 7, 9));
}

struct WorkedExample {
  const char* name;
  ApportionmentMethod method;
  std::vector<int64_t> votes;
  int64_t seats;
  std::vector<int64_t> want_seats;
  std::vector<size_t> want_award_order;
};

// Each expected answer is worked out by hand in the comment above its row.
const WorkedExample kWorkedExamples[] = {
    // Quotients A 100000 50000 33333 25000 | B 80000 40000 26667 | C 30000 15000 | D 20000.
    // The 8 largest: A100000 B80000 A50000 B40000 A33333 C30000 B26667 A25000 → {4, 3, 1, 0}.
    // The 9th would be a three-way tie at 20000 (A / 5, B / 4, D / 1).
    {"dhondt_textbook",
     ApportionmentMethod::kDHondt,
     {100000, 80000, 30000, 20000},
     8,
     {4, 3, 1, 0},
     {0, 1, 0, 1, 0, 2, 1, 0}},
    // Divisors 1, 3, 5, 7: A 53000 17667 10600 7571 | B 24000 8000 | C 23000 7667.
    // The 7 largest: A53000 B24000 C23000 A17667 A10600 B8000 C7667 → {3, 2, 2}; next A 7571.
    {"sainte_lague_textbook",
     ApportionmentMethod::kSainteLague,
     {53000, 24000, 23000},
     7,
     {3, 2, 2},
     {0, 1, 2, 0, 0, 1, 2}},
    // The same votes under D'Hondt: A 53000 26500 17667 13250 | B 24000 12000 | C 23000 11500.
    // The 7 largest: A53000 A26500 B24000 C23000 A17667 A13250 B12000 → {4, 2, 1}.
    {"dhondt_favours_the_large_list",
     ApportionmentMethod::kDHondt,
     {53000, 24000, 23000},
     7,
     {4, 2, 1},
     {0, 0, 1, 2, 0, 0, 1}},
    // A 50000 25000 16667 12500 10000 8333 7143 | B 14000 7000 | C 6000: the 8 largest are
    // seven of A's and B's 14000 → {7, 1, 0} (Hare gives {6, 1, 1}, Droop {6, 2, 0}).
    {"dhondt_three_lists",
     ApportionmentMethod::kDHondt,
     {50000, 14000, 6000},
     8,
     {7, 1, 0},
     {0, 0, 0, 1, 0, 0, 0, 0}},
    // A 50000 16667 10000 7143 5556 4545 | B 14000 4667 | C 6000 2000: the 8 largest are
    // A50000 A16667 B14000 A10000 A7143 C6000 A5556 B4667 → {5, 2, 1}.
    {"sainte_lague_three_lists",
     ApportionmentMethod::kSainteLague,
     {50000, 14000, 6000},
     8,
     {5, 2, 1},
     {0, 0, 1, 0, 0, 2, 0, 1}},
    // A list without votes never beats a list with votes: quotients A 10 5 3.3 | B 0.
    {"zero_votes_get_nothing", ApportionmentMethod::kDHondt, {10, 0}, 3, {3, 0}, {0, 0, 0}},
};

TEST(DivisorMethodTest, WorkedExamples) {
  for (const Implementation& implementation : kImplementations) {
    SCOPED_TRACE(implementation.name);
    for (const WorkedExample& example : kWorkedExamples) {
      SCOPED_TRACE(example.name);
      Result<std::vector<DivisorAward>> awards = implementation.allocate(
          example.method, example.votes, example.seats, InputOrder(example.votes.size()));
      ASSERT_TRUE(awards.has_value()) << awards.error().ToString();
      EXPECT_EQ(SeatsFromAwards(*awards, example.votes.size()), example.want_seats);
      EXPECT_EQ(AwardedLists(*awards), example.want_award_order);
    }
  }
}

TEST(DivisorMethodTest, EachAwardRecordsItsDivisorAndExactQuotient) {
  // dhondt_textbook: the last (8th) seat is A's fourth, 100000 / 4 = 25000; the 5th seat is A's
  // third, 100000 / 3, which is not a whole number and must stay exact.
  for (const Implementation& implementation : kImplementations) {
    SCOPED_TRACE(implementation.name);
    Result<std::vector<DivisorAward>> awards = implementation.allocate(
        ApportionmentMethod::kDHondt, std::vector<int64_t>{100000, 80000, 30000, 20000}, 8,
        InputOrder(4));
    ASSERT_TRUE(awards.has_value()) << awards.error().ToString();
    ASSERT_EQ(awards->size(), 8u);
    EXPECT_EQ((*awards)[4].list, 0u);
    EXPECT_EQ((*awards)[4].divisor, 3);
    EXPECT_EQ((*awards)[4].quotient, Fraction(100000, 3));
    EXPECT_EQ(awards->back().list, 0u);
    EXPECT_EQ(awards->back().divisor, 4);
    EXPECT_EQ(awards->back().quotient, Fraction::Whole(25000));
  }
}

TEST(DivisorMethodTest, TieForLastSeatGoesToTheLowerPriorityRank) {
  // D'Hondt, A 200 and B 100, 2 seats: A's 200 takes the first seat; A's second quotient
  // 200 / 2 = 100 ties with B's 100 / 1 for the last seat. The caller's ranking decides.
  const std::vector<int64_t> votes = {200, 100};
  struct Row {
    const char* name;
    std::vector<size_t> ranks;
    std::vector<int64_t> want;
  };
  const Row rows[] = {
      {"a_ranked_first", {0, 1}, {2, 0}},
      {"b_ranked_first", {1, 0}, {1, 1}},
  };
  for (const Implementation& implementation : kImplementations) {
    SCOPED_TRACE(implementation.name);
    for (const Row& row : rows) {
      SCOPED_TRACE(row.name);
      Result<std::vector<DivisorAward>> awards =
          implementation.allocate(ApportionmentMethod::kDHondt, votes, 2, row.ranks);
      ASSERT_TRUE(awards.has_value()) << awards.error().ToString();
      EXPECT_EQ(SeatsFromAwards(*awards, 2), row.want);
      EXPECT_EQ(awards->back().quotient, Fraction::Whole(100));
    }
  }
}

TEST(DivisorMethodTest, SeatsFromAwardsCountsPerList) {
  const std::vector<DivisorAward> awards = {
      {2, 1, Fraction::Whole(9)}, {0, 1, Fraction::Whole(8)}, {2, 2, Fraction(9, 2)}};
  EXPECT_THAT(SeatsFromAwards(awards, 4), ElementsAre(1, 0, 2, 0));
}

TEST(DivisorMethodTest, BadInputIsAnErrorNotACrash) {
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
      {"negative_seats", {100, 50}, -1, {0, 1}, StatusCode::kInvalidArgument},
      {"no_lists", {}, 3, {}, StatusCode::kInvalidArgument},
      {"ranks_do_not_match_votes", {100, 50}, 3, {0}, StatusCode::kInternal},
  };
  for (const Implementation& implementation : kImplementations) {
    SCOPED_TRACE(implementation.name);
    for (const ApportionmentMethod method :
         {ApportionmentMethod::kDHondt, ApportionmentMethod::kSainteLague}) {
      SCOPED_TRACE(MethodName(method));
      for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        Result<std::vector<DivisorAward>> awards =
            implementation.allocate(method, row.votes, row.seats, row.ranks);
        EXPECT_EQ(awards.status().code(), row.want) << awards.status().ToString();
      }
    }
  }
}

}  // namespace
}  // namespace esep::law
