// Properties every allocation must have, checked on thousands of seeded random contests.
//
// The generator is std::mt19937_64 with fixed seeds, so a failure names a case that can be
// replayed. Each test prints the case (votes, seats, method) in its SCOPED_TRACE.

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "law/divisor_method.h"
#include "law/list_allocation.h"

namespace esep::law {
namespace {

constexpr ApportionmentMethod kAllMethods[] = {
    ApportionmentMethod::kHare, ApportionmentMethod::kDroop, ApportionmentMethod::kDHondt,
    ApportionmentMethod::kSainteLague};

int64_t Uniform(std::mt19937_64& random, int64_t low, int64_t high) {
  return std::uniform_int_distribution<int64_t>(low, high)(random);
}

// `count` vote counts in [0, max_votes]; small maxima make ties and zeros common.
std::vector<int64_t> RandomVotes(std::mt19937_64& random, size_t count, int64_t max_votes) {
  std::vector<int64_t> votes(count);
  for (int64_t& v : votes) {
    v = Uniform(random, 0, max_votes);
  }
  return votes;
}

// `count` different vote counts in [1, max_votes].
std::vector<int64_t> DistinctVotes(std::mt19937_64& random, size_t count, int64_t max_votes) {
  std::set<int64_t> seen;
  std::vector<int64_t> votes;
  while (votes.size() < count) {
    const int64_t v = Uniform(random, 1, max_votes);
    if (seen.insert(v).second) {
      votes.push_back(v);
    }
  }
  return votes;
}

ListContestVotes Contest(const std::vector<int64_t>& votes) {
  ListContestVotes contest;
  for (size_t i = 0; i < votes.size(); ++i) {
    contest.lists.push_back(
        {.name = fmt::format("L{}", i), .votes = votes[i], .registered_on = {}, .candidates = {}});
  }
  return contest;
}

std::map<std::string, int64_t> SeatsByName(const ListAllocation& allocation) {
  std::map<std::string, int64_t> seats;
  for (const ListAllocationRow& row : allocation.rows) {
    seats[row.name] = row.seats;
  }
  return seats;
}

std::string Describe(ApportionmentMethod method, const std::vector<int64_t>& votes, int64_t seats) {
  return fmt::format("{} votes {{{}}} seats {}", MethodName(method), fmt::join(votes, ", "), seats);
}

TEST(AllocationPropertiesTest, SeatsSumToTheHouseSizeForEveryMethod) {
  std::mt19937_64 random(20230319);
  for (int trial = 0; trial < 1000; ++trial) {
    const std::vector<int64_t> votes =
        RandomVotes(random, static_cast<size_t>(Uniform(random, 1, 9)), 2'000'000);
    const int64_t seats = Uniform(random, 1, 150);
    const Fraction threshold(Uniform(random, 0, 1000), 100);  // 0% to 10%
    for (const ApportionmentMethod method : kAllMethods) {
      SCOPED_TRACE(Describe(method, votes, seats) + " threshold " + threshold.ToDecimal(2));
      const ListRules rules{.seats = seats,
                            .threshold_percent = threshold,
                            .method = method,
                            .tie_break = TieBreak::kLot,
                            .lot_seed = static_cast<uint64_t>(trial)};
      Result<ListAllocation> allocation = AllocateListSeats(Contest(votes), rules);
      if (!allocation.has_value()) {
        // Only "nobody can get a seat" may fail: no votes, or nobody over the threshold.
        EXPECT_EQ(allocation.error().code(), StatusCode::kFailedPrecondition)
            << allocation.error().ToString();
        continue;
      }
      int64_t total = 0;
      for (const ListAllocationRow& row : allocation->rows) {
        EXPECT_GE(row.seats, 0);
        if (!row.admitted()) {
          EXPECT_EQ(row.seats, 0) << row.name;
        }
        if (row.votes == 0) {
          EXPECT_EQ(row.seats, 0) << row.name;
        }
        total += row.seats;
      }
      EXPECT_EQ(total, seats);
      EXPECT_EQ(allocation->seats_filled, seats);
      EXPECT_EQ(allocation->seats_vacant, 0);
    }
  }
}

TEST(AllocationPropertiesTest, PermutingTheListsChangesNoListsSeats) {
  // Distinct vote counts and "more votes, then lot": every tie the rule meets is decided by
  // votes, so no drawing of lots (which depends on the names drawn) is involved.
  std::mt19937_64 random(97);
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<int64_t> votes =
        DistinctVotes(random, static_cast<size_t>(Uniform(random, 2, 8)), 5000);
    const int64_t seats = Uniform(random, 1, 60);
    ListContestVotes contest = Contest(votes);
    ListContestVotes shuffled = contest;
    std::shuffle(shuffled.lists.begin(), shuffled.lists.end(), random);
    for (const ApportionmentMethod method : kAllMethods) {
      SCOPED_TRACE(Describe(method, votes, seats));
      const ListRules rules{.seats = seats,
                            .threshold_percent = Fraction::Whole(0),
                            .method = method,
                            .tie_break = TieBreak::kMoreVotesThenLot};
      Result<ListAllocation> original = AllocateListSeats(contest, rules);
      Result<ListAllocation> permuted = AllocateListSeats(shuffled, rules);
      ASSERT_TRUE(original.has_value()) << original.error().ToString();
      ASSERT_TRUE(permuted.has_value()) << permuted.error().ToString();
      EXPECT_FALSE(original->lot_decided);
      EXPECT_EQ(SeatsByName(*original), SeatsByName(*permuted));
    }
  }
}

TEST(AllocationPropertiesTest, PermutingTheListsWithTheirDatesChangesNoListsSeats) {
  // Equal votes are common here, but every list has a different registration date, which
  // travels with the list when the ballot order is shuffled.
  std::mt19937_64 random(2007);
  for (int trial = 0; trial < 400; ++trial) {
    const std::vector<int64_t> votes =
        RandomVotes(random, static_cast<size_t>(Uniform(random, 2, 8)), 30);
    const int64_t seats = Uniform(random, 1, 40);
    ListContestVotes contest = Contest(votes);
    if (std::all_of(votes.begin(), votes.end(), [](int64_t v) { return v == 0; })) {
      continue;
    }
    for (size_t i = 0; i < contest.lists.size(); ++i) {
      contest.lists[i].registered_on = fmt::format("2023-02-{:02}", 20 - i);
    }
    ListContestVotes shuffled = contest;
    std::shuffle(shuffled.lists.begin(), shuffled.lists.end(), random);
    for (const ApportionmentMethod method : kAllMethods) {
      SCOPED_TRACE(Describe(method, votes, seats));
      const ListRules rules{.seats = seats,
                            .threshold_percent = Fraction::Whole(0),
                            .method = method,
                            .tie_break = TieBreak::kEarlierRegistration};
      Result<ListAllocation> original = AllocateListSeats(contest, rules);
      Result<ListAllocation> permuted = AllocateListSeats(shuffled, rules);
      ASSERT_TRUE(original.has_value()) << original.error().ToString();
      ASSERT_TRUE(permuted.has_value()) << permuted.error().ToString();
      EXPECT_EQ(SeatsByName(*original), SeatsByName(*permuted));
    }
  }
}

TEST(AllocationPropertiesTest, PermutingTheListsDoesNotChangeTheDrawingOfLots) {
  // With many ties and the lot rule, the drawing decides seats; but it is defined on the set
  // of names, so the ballot order still changes nothing for a given seed.
  std::mt19937_64 random(5);
  for (int trial = 0; trial < 400; ++trial) {
    const std::vector<int64_t> votes =
        RandomVotes(random, static_cast<size_t>(Uniform(random, 2, 6)), 6);
    if (std::all_of(votes.begin(), votes.end(), [](int64_t v) { return v == 0; })) {
      continue;
    }
    const int64_t seats = Uniform(random, 1, 20);
    const ListContestVotes contest = Contest(votes);
    ListContestVotes shuffled = contest;
    std::shuffle(shuffled.lists.begin(), shuffled.lists.end(), random);
    for (const ApportionmentMethod method : kAllMethods) {
      SCOPED_TRACE(Describe(method, votes, seats));
      const ListRules rules{.seats = seats,
                            .threshold_percent = Fraction::Whole(0),
                            .method = method,
                            .tie_break = TieBreak::kLot,
                            .lot_seed = static_cast<uint64_t>(trial)};
      Result<ListAllocation> original = AllocateListSeats(contest, rules);
      Result<ListAllocation> permuted = AllocateListSeats(shuffled, rules);
      ASSERT_TRUE(original.has_value()) << original.error().ToString();
      ASSERT_TRUE(permuted.has_value()) << permuted.error().ToString();
      EXPECT_EQ(SeatsByName(*original), SeatsByName(*permuted));
      EXPECT_EQ(original->lot_decided, permuted->lot_decided);
    }
  }
}

TEST(AllocationPropertiesTest, HareStaysWithinQuota) {
  // Every admitted list gets floor or ceil of its exact share votes × S / base, where base
  // is the votes of the admitted lists. Compared in integers: floor = votes × S div base.
  std::mt19937_64 random(1999);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::vector<int64_t> votes =
        RandomVotes(random, static_cast<size_t>(Uniform(random, 1, 10)), 3'000'000);
    const int64_t seats = Uniform(random, 1, 200);
    SCOPED_TRACE(Describe(ApportionmentMethod::kHare, votes, seats));
    const ListRules rules{.seats = seats,
                          .threshold_percent = Fraction::Whole(Uniform(random, 0, 7)),
                          .method = ApportionmentMethod::kHare};
    Result<ListAllocation> allocation = AllocateListSeats(Contest(votes), rules);
    if (!allocation.has_value()) {
      EXPECT_EQ(allocation.error().code(), StatusCode::kFailedPrecondition);
      continue;
    }
    const int64_t base = allocation->admitted_votes;
    ASSERT_GT(base, 0);
    for (const ListAllocationRow& row : allocation->rows) {
      if (!row.admitted()) {
        continue;
      }
      const int64_t lower = row.votes * seats / base;  // < 2^63: 3e6 × 10 lists × 200 seats
      const int64_t upper = lower + (row.votes * seats % base == 0 ? 0 : 1);
      EXPECT_GE(row.seats, lower) << row.name;
      EXPECT_LE(row.seats, upper) << row.name;
    }
  }
}

TEST(AllocationPropertiesTest, DHondtMoreVotesNeverMeansFewerSeats) {
  std::mt19937_64 random(1878);
  for (int trial = 0; trial < 2000; ++trial) {
    const size_t lists = static_cast<size_t>(Uniform(random, 2, 7));
    std::vector<int64_t> votes = RandomVotes(random, lists, 1000);
    const int64_t seats = Uniform(random, 1, 40);
    std::vector<size_t> ranks(lists);
    std::iota(ranks.begin(), ranks.end(), size_t{0});
    std::shuffle(ranks.begin(), ranks.end(), random);
    const size_t raised = static_cast<size_t>(Uniform(random, 0, static_cast<int64_t>(lists) - 1));
    std::vector<int64_t> more = votes;
    more[raised] += Uniform(random, 1, 500);
    SCOPED_TRACE(Describe(ApportionmentMethod::kDHondt, votes, seats) +
                 fmt::format(" raising list {} to {}", raised, more[raised]));

    Result<std::vector<DivisorAward>> before =
        AllocateByDivisors(ApportionmentMethod::kDHondt, votes, seats, ranks);
    Result<std::vector<DivisorAward>> after =
        AllocateByDivisors(ApportionmentMethod::kDHondt, more, seats, ranks);
    ASSERT_TRUE(before.has_value()) << before.error().ToString();
    ASSERT_TRUE(after.has_value()) << after.error().ToString();
    EXPECT_GE(SeatsFromAwards(*after, lists)[raised], SeatsFromAwards(*before, lists)[raised]);
  }
}

TEST(AllocationPropertiesTest, DivisorImplementationsAgree) {
  // Small vote counts make equal quotients and zero-vote lists common; the two
  // implementations must still award the same seats in the same order.
  std::mt19937_64 random(1791);
  for (int trial = 0; trial < 3000; ++trial) {
    const size_t lists = static_cast<size_t>(Uniform(random, 1, 8));
    const std::vector<int64_t> votes = RandomVotes(random, lists, trial % 2 == 0 ? 12 : 100000);
    const int64_t seats = Uniform(random, 1, 30);
    std::vector<size_t> ranks(lists);
    std::iota(ranks.begin(), ranks.end(), size_t{0});
    std::shuffle(ranks.begin(), ranks.end(), random);
    for (const ApportionmentMethod method :
         {ApportionmentMethod::kDHondt, ApportionmentMethod::kSainteLague}) {
      SCOPED_TRACE(Describe(method, votes, seats) +
                   fmt::format(" ranks {{{}}}", fmt::join(ranks, ", ")));
      Result<std::vector<DivisorAward>> by_divisors =
          AllocateByDivisors(method, votes, seats, ranks);
      Result<std::vector<DivisorAward>> by_table =
          AllocateByQuotientTable(method, votes, seats, ranks);
      ASSERT_TRUE(by_divisors.has_value()) << by_divisors.error().ToString();
      ASSERT_TRUE(by_table.has_value()) << by_table.error().ToString();
      ASSERT_EQ(by_divisors->size(), static_cast<size_t>(seats));
      ASSERT_EQ(by_table->size(), static_cast<size_t>(seats));
      for (size_t k = 0; k < by_divisors->size(); ++k) {
        SCOPED_TRACE(fmt::format("seat {}", k + 1));
        EXPECT_EQ((*by_divisors)[k].list, (*by_table)[k].list);
        EXPECT_EQ((*by_divisors)[k].divisor, (*by_table)[k].divisor);
        EXPECT_EQ((*by_divisors)[k].quotient, (*by_table)[k].quotient);
      }
    }
  }
}

}  // namespace
}  // namespace esep::law
