#include "law/list_allocation.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "law/internal/allocation_test_util.h"

namespace esep::law {
namespace {

using ::esep::law::internal::HasStep;
using ::esep::law::internal::List;
using ::esep::law::internal::Registered;
using ::esep::law::internal::RowNamed;
using ::esep::law::internal::SeatsByName;
using ::esep::law::internal::SeatsInOrder;
using ::esep::law::internal::Steps;
using ::esep::law::internal::WithCandidates;
using ::testing::HasSubstr;

struct MethodExample {
  const char* name;
  ApportionmentMethod method;
  std::vector<int64_t> votes;
  int64_t seats;
  std::vector<int64_t> want;
};

// Hand-worked examples (largest_remainder_test.cc and divisor_method_test.cc show the
// arithmetic). Every list passes the default 5% threshold.
const MethodExample kMethodExamples[] = {
    // The same votes give four different answers under the four methods:
    // Hare quota 8750 → 5.71, 1.60, 0.69 → remainders give A and C the 2 seats left.
    {"hare", ApportionmentMethod::kHare, {50000, 14000, 6000}, 8, {6, 1, 1}},
    // Droop quota 7778 → 6.43, 1.80, 0.77 → the 1 seat left goes to B (remainder 6222).
    {"droop", ApportionmentMethod::kDroop, {50000, 14000, 6000}, 8, {6, 2, 0}},
    // A's quotients 50000 … 7143 (divisors 1..7) and B's 14000 are the 8 largest.
    {"dhondt", ApportionmentMethod::kDHondt, {50000, 14000, 6000}, 8, {7, 1, 0}},
    // A 50000 16667 10000 7143 5556, B 14000 4667, C 6000 are the 8 largest.
    {"sainte_lague", ApportionmentMethod::kSainteLague, {50000, 14000, 6000}, 8, {5, 2, 1}},
    {"dhondt_textbook",
     ApportionmentMethod::kDHondt,
     {100000, 80000, 30000, 20000},
     8,
     {4, 3, 1, 0}},
    {"sainte_lague_textbook",
     ApportionmentMethod::kSainteLague,
     {53000, 24000, 23000},
     7,
     {3, 2, 2}},
};

TEST(ListAllocationTest, EveryMethodOnHandCheckedExamples) {
  for (const MethodExample& example : kMethodExamples) {
    SCOPED_TRACE(example.name);
    ListContestVotes votes;
    for (size_t i = 0; i < example.votes.size(); ++i) {
      votes.lists.push_back(List(std::string(1, static_cast<char>('A' + i)), example.votes[i]));
    }
    const ListRules rules{.seats = example.seats, .method = example.method};
    Result<ListAllocation> allocation = AllocateListSeats(votes, rules);
    ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
    EXPECT_EQ(SeatsInOrder(*allocation), example.want) << Steps(*allocation);
    EXPECT_EQ(allocation->seats_filled, example.seats);
    // Largest remainder reports a quota, highest averages the awards seat by seat.
    EXPECT_EQ(allocation->quota.has_value(), IsLargestRemainder(example.method));
    EXPECT_EQ(allocation->awards.size(),
              IsLargestRemainder(example.method) ? 0u : static_cast<size_t>(example.seats));
    EXPECT_FALSE(allocation->lot_decided);
  }
}

TEST(ListAllocationTest, HareRowsShowQuotientWholeSeatsAndRemainder) {
  // Quota 70000 / 8 = 8750. A: 50000 / 8750 = 40/7 = 5.714 → 5 whole seats, remainder
  // 50000 - 5 × 8750 = 6250 votes, and one of the 2 remainder seats.
  const ListContestVotes votes{.lists = {List("A", 50000), List("B", 14000), List("C", 6000)}};
  Result<ListAllocation> allocation =
      AllocateListSeats(votes, ListRules{.seats = 8, .method = ApportionmentMethod::kHare});
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  EXPECT_EQ(allocation->quota, Fraction::Whole(8750));
  const ListAllocationRow& a = RowNamed(*allocation, "A");
  EXPECT_EQ(a.quotient, Fraction(40, 7));
  EXPECT_EQ(a.whole_seats, 5);
  EXPECT_EQ(a.remainder, Fraction::Whole(6250));
  EXPECT_EQ(a.remainder_seats, 1);
  EXPECT_EQ(a.seats, 6);
  EXPECT_EQ(RowNamed(*allocation, "B").remainder_seats, 0);
  EXPECT_EQ(RowNamed(*allocation, "C").remainder_seats, 1);
  EXPECT_TRUE(HasStep(*allocation, "quota", "Hare quota")) << Steps(*allocation);
}

struct TieExample {
  const char* name;
  ApportionmentMethod method;
  TieBreak tie_break;
  std::vector<ListVotes> lists;
  int64_t seats;
  std::map<std::string, int64_t> want;
  const char* want_tie;  // part of the "tie" step
};

const TieExample kDeterministicTies[] = {
    // Quota 200 / 3: A and B both have 1.5 quotas, one whole seat each and equal remainders
    // of 100/3 votes. B registered earlier and takes the last remainder seat.
    {"remainder_tie_b_registered_earlier",
     ApportionmentMethod::kHare,
     TieBreak::kEarlierRegistration,
     {Registered("A", 100, "2023-02-15"), Registered("B", 100, "2023-02-11")},
     3,
     {{"A", 1}, {"B", 2}},
     "Tie for the last remainder seat between B and A: B's list was registered earlier "
     "(2023-02-11) than A's (2023-02-15)."},
    // The same votes with the dates swapped: the date decides, not the input order.
    {"remainder_tie_a_registered_earlier",
     ApportionmentMethod::kHare,
     TieBreak::kEarlierRegistration,
     {Registered("A", 100, "2023-02-11"), Registered("B", 100, "2023-02-15")},
     3,
     {{"A", 2}, {"B", 1}},
     "A's list was registered earlier"},
    // D'Hondt, 2 seats: A's 200 takes the first; A's 200 / 2 = 100 ties with B's 100 / 1.
    {"quotient_tie_b_registered_earlier",
     ApportionmentMethod::kDHondt,
     TieBreak::kEarlierRegistration,
     {Registered("A", 200, "2023-02-15"), Registered("B", 100, "2023-02-11")},
     2,
     {{"A", 1}, {"B", 1}},
     "Tie for the last seat between B and A: B's list was registered earlier"},
    // The same tie under "more votes, then lot": A has more votes and keeps the seat.
    {"quotient_tie_more_votes",
     ApportionmentMethod::kDHondt,
     TieBreak::kMoreVotesThenLot,
     {Registered("A", 200, "2023-02-15"), Registered("B", 100, "2023-02-11")},
     2,
     {{"A", 2}, {"B", 0}},
     "Tie for the last seat between A and B: A has more votes (200) than B (100)."},
};

TEST(ListAllocationTest, TieForTheLastSeatIsBrokenByTheRuleAndExplained) {
  for (const TieExample& example : kDeterministicTies) {
    SCOPED_TRACE(example.name);
    const ListContestVotes votes{.lists = example.lists};
    const ListRules rules{
        .seats = example.seats, .method = example.method, .tie_break = example.tie_break};
    Result<ListAllocation> allocation = AllocateListSeats(votes, rules);
    ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
    EXPECT_EQ(SeatsByName(*allocation), example.want) << Steps(*allocation);
    EXPECT_TRUE(HasStep(*allocation, "tie", example.want_tie)) << Steps(*allocation);
    EXPECT_FALSE(allocation->lot_decided);
  }
}

TEST(ListAllocationTest, TieDecidedByLotIsReproducibleFromTheSeed) {
  // A and B are tied in every respect the rule looks at, so only the lot can decide the
  // last remainder seat (quota 200 / 3, equal remainders 100/3).
  struct Row {
    const char* name;
    TieBreak tie_break;
    std::vector<ListVotes> lists;
  };
  const Row rows[] = {
      {"lot_rule", TieBreak::kLot, {List("A", 100), List("B", 100)}},
      {"same_day_and_equal_votes",
       TieBreak::kEarlierRegistration,
       {Registered("A", 100, "2023-02-14"), Registered("B", 100, "2023-02-14")}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const ListContestVotes votes{.lists = row.lists};
    std::map<std::string, int> two_seat_wins;
    for (uint64_t seed = 0; seed < 64; ++seed) {
      SCOPED_TRACE(seed);
      const ListRules rules{.seats = 3, .tie_break = row.tie_break, .lot_seed = seed};
      Result<ListAllocation> first = AllocateListSeats(votes, rules);
      Result<ListAllocation> second = AllocateListSeats(votes, rules);
      ASSERT_TRUE(first.has_value()) << first.error().ToString();
      ASSERT_TRUE(second.has_value()) << second.error().ToString();
      EXPECT_EQ(SeatsByName(*first), SeatsByName(*second));
      EXPECT_EQ(Steps(*first), Steps(*second));
      EXPECT_TRUE(first->lot_decided);
      const std::string seed_text = fmt::format("seed {}", seed);
      EXPECT_TRUE(HasStep(*first, "tie", seed_text)) << Steps(*first);
      EXPECT_TRUE(HasStep(*first, "lot", seed_text)) << Steps(*first);
      for (const ListAllocationRow& list : first->rows) {
        if (list.seats == 2) {
          ++two_seat_wins[list.name];
        }
      }
      EXPECT_EQ(first->seats_filled, 3);
    }
    // Over 64 seeds each list wins the drawing at least once.
    EXPECT_GT(two_seat_wins["A"], 0);
    EXPECT_GT(two_seat_wins["B"], 0);
  }
}

TEST(ListAllocationTest, MissingRegistrationDatesAreReportedWithTheTie) {
  // Under the registration rule, but B has no date: the tie falls to votes (equal), then to
  // the lot, and the tie step says why the registration rule could not be used.
  const ListContestVotes votes{.lists = {Registered("A", 100, "2023-02-11"), List("B", 100)}};
  Result<ListAllocation> allocation = AllocateListSeats(votes, ListRules{.seats = 3});
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  EXPECT_TRUE(HasStep(*allocation, "tie", "not all are known")) << Steps(*allocation);
  EXPECT_TRUE(allocation->lot_decided);
}

struct ThresholdExample {
  const char* name;
  const char* percent;
  ThresholdBase threshold_base;
  ListContestVotes votes;
  int64_t want_base;
};

// In each row list "At" has exactly P% of the base and "Below" one vote less.
const ThresholdExample kThresholdExamples[] = {
    // 500 × 100 = 5 × 10000.
    {"five_percent", "5", ThresholdBase::kValidVotes,
     ListContestVotes{.lists = {List("At", 500), List("Below", 499), List("Big", 9001)}}, 10000},
    // 725 × 100 = 7.25 × 10000: a fractional threshold is exact too.
    {"seven_and_a_quarter_percent", "7.25%", ThresholdBase::kValidVotes,
     ListContestVotes{.lists = {List("At", 725), List("Below", 724), List("Big", 8551)}}, 10000},
    // "Against all" is part of the base; invalid ballots are not (KZ 2023).
    {"against_all_counts_invalid_does_not", "5", ThresholdBase::kValidVotes,
     ListContestVotes{.lists = {List("At", 500), List("Below", 499), List("Big", 8001)},
                      .against_all = 1000,
                      .invalid = 5000},
     10000},
    // Under kBallotsCast invalid ballots count: base 9000 + 1000 = 10000.
    {"ballots_cast_include_invalid", "5", ThresholdBase::kBallotsCast,
     ListContestVotes{.lists = {List("At", 500), List("Below", 499), List("Big", 8001)},
                      .invalid = 1000},
     10000},
};

TEST(ListAllocationTest, ThresholdIsReachedExactlyAtThePercentage) {
  for (const ThresholdExample& example : kThresholdExamples) {
    SCOPED_TRACE(example.name);
    Result<Fraction> percent = Fraction::ParseDecimal(example.percent);
    ASSERT_TRUE(percent.has_value()) << percent.error().ToString();
    const ListRules rules{
        .seats = 10, .threshold_percent = *percent, .threshold_base = example.threshold_base};
    Result<ListAllocation> allocation = AllocateListSeats(example.votes, rules);
    ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
    EXPECT_EQ(allocation->threshold_base, example.want_base);
    EXPECT_EQ(RowNamed(*allocation, "At").admission, Admission::kPassedThreshold)
        << Steps(*allocation);
    EXPECT_EQ(RowNamed(*allocation, "Below").admission, Admission::kBelowThreshold)
        << Steps(*allocation);
    EXPECT_EQ(RowNamed(*allocation, "Below").seats, 0);
  }
}

TEST(ListAllocationTest, InvalidBallotsCanDecideTheThreshold) {
  // 500 of 10000 valid votes is exactly 5%; counted against 11000 ballots it is 4.55%.
  const ListContestVotes votes{
      .lists = {List("Small", 500), List("Big", 9000)}, .against_all = 500, .invalid = 1000};
  Result<ListAllocation> valid = AllocateListSeats(
      votes, ListRules{.seats = 10, .threshold_base = ThresholdBase::kValidVotes});
  Result<ListAllocation> cast = AllocateListSeats(
      votes, ListRules{.seats = 10, .threshold_base = ThresholdBase::kBallotsCast});
  ASSERT_TRUE(valid.has_value()) << valid.error().ToString();
  ASSERT_TRUE(cast.has_value()) << cast.error().ToString();
  EXPECT_EQ(valid->threshold_base, 10000);
  EXPECT_EQ(cast->threshold_base, 11000);
  EXPECT_TRUE(RowNamed(*valid, "Small").admitted());
  EXPECT_FALSE(RowNamed(*cast, "Small").admitted());
}

TEST(ListAllocationTest, ZeroVoteListGetsNoSeatEvenWhenAdmitted) {
  // With a 0% threshold the empty list C is admitted, yet no method gives it a seat:
  // 7100 : 1900 over 9 seats is 7 : 2 under all four (e.g. Hare 7.1 → 7, 1.9 → 1 + the
  // remainder seat; D'Hondt's 9 largest are A's 7100 … 1014 (7 of them) and B's 1900, 950).
  const ListContestVotes votes{.lists = {List("A", 7100), List("B", 1900), List("C", 0)}};
  for (const ApportionmentMethod method :
       {ApportionmentMethod::kHare, ApportionmentMethod::kDroop, ApportionmentMethod::kDHondt,
        ApportionmentMethod::kSainteLague}) {
    SCOPED_TRACE(MethodName(method));
    const ListRules rules{.seats = 9, .threshold_percent = Fraction::Whole(0), .method = method};
    Result<ListAllocation> allocation = AllocateListSeats(votes, rules);
    ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
    EXPECT_TRUE(RowNamed(*allocation, "C").admitted());
    EXPECT_EQ(SeatsInOrder(*allocation), (std::vector<int64_t>{7, 2, 0})) << Steps(*allocation);
  }
}

TEST(ListAllocationTest, SeatsBeyondTheListAreLeftVacant) {
  // Hare quota 1000: A 6, B 3, C 1 — but A has only 3 candidates.
  const ListContestVotes votes{
      .lists = {WithCandidates("A", 6000, 3), List("B", 3000), List("C", 1000)}};
  Result<ListAllocation> allocation =
      AllocateListSeats(votes, ListRules{.seats = 10, .surplus = SurplusSeats::kLeaveVacant});
  ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
  const ListAllocationRow& a = RowNamed(*allocation, "A");
  EXPECT_EQ(a.seats_won, 6);
  EXPECT_EQ(a.seats, 3);
  EXPECT_EQ(a.vacant, 3);
  EXPECT_EQ(allocation->seats_filled, 7);
  EXPECT_EQ(allocation->seats_vacant, 3);
  EXPECT_TRUE(HasStep(*allocation, "vacancy", "3 seats stay vacant")) << Steps(*allocation);
  EXPECT_TRUE(HasStep(*allocation, "result", "3 vacant")) << Steps(*allocation);
}

struct SurplusExample {
  const char* name;
  std::vector<ListVotes> lists;
  std::map<std::string, int64_t> want;
  int64_t want_vacant;
};

const SurplusExample kReallocations[] = {
    // A keeps its 3 candidates; the other 7 seats go to B and C by Hare: quota 4000 / 7;
    // B 5.25 → 5, C 1.75 → 1, the seat left to C (0.75 > 0.25).
    {"one_round",
     {WithCandidates("A", 6000, 3), List("B", 3000), List("C", 1000)},
     {{"A", 3}, {"B", 5}, {"C", 2}},
     0},
    // Then B (4 candidates) is capped too, and C alone takes the 3 seats left.
    {"two_rounds",
     {WithCandidates("A", 6000, 3), WithCandidates("B", 3000, 4), List("C", 1000)},
     {{"A", 3}, {"B", 4}, {"C", 3}},
     0},
    // Then C (2 candidates) is capped as well: 9 candidates in all for 10 seats, so one seat
    // stays vacant. It must be reported, not lost.
    {"candidates_run_out",
     {WithCandidates("A", 6000, 3), WithCandidates("B", 3000, 4), WithCandidates("C", 1000, 2)},
     {{"A", 3}, {"B", 4}, {"C", 2}},
     1},
};

TEST(ListAllocationTest, SeatsBeyondTheListAreReallocated) {
  for (const SurplusExample& example : kReallocations) {
    SCOPED_TRACE(example.name);
    const ListContestVotes votes{.lists = example.lists};
    Result<ListAllocation> allocation =
        AllocateListSeats(votes, ListRules{.seats = 10, .surplus = SurplusSeats::kReallocate});
    ASSERT_TRUE(allocation.has_value()) << allocation.error().ToString();
    EXPECT_EQ(SeatsByName(*allocation), example.want) << Steps(*allocation);
    EXPECT_EQ(allocation->seats_vacant, example.want_vacant) << Steps(*allocation);
    // Every seat of the house is either filled or reported vacant.
    EXPECT_EQ(allocation->seats_filled + allocation->seats_vacant, 10) << Steps(*allocation);
    EXPECT_TRUE(HasStep(*allocation, "surplus", "A won 6 seats but has 3 candidates"))
        << Steps(*allocation);
  }
}

struct ErrorExample {
  const char* name;
  ListContestVotes votes;
  ListRules rules;
  StatusCode want;
  const char* want_message;  // part of the message
};

const ErrorExample kErrors[] = {
    {"no_lists", {}, {.seats = 10}, StatusCode::kInvalidArgument, "no party lists"},
    {"zero_seats",
     {.lists = {List("A", 10)}},
     {.seats = 0},
     StatusCode::kInvalidArgument,
     "at least one seat"},
    {"negative_seats",
     {.lists = {List("A", 10)}},
     {.seats = -3},
     StatusCode::kInvalidArgument,
     "at least one seat"},
    {"negative_votes",
     {.lists = {List("A", 10), List("B", -1)}},
     {.seats = 10},
     StatusCode::kInvalidArgument,
     "'B' has -1 votes"},
    {"negative_against_all",
     {.lists = {List("A", 10)}, .against_all = -1},
     {.seats = 10},
     StatusCode::kInvalidArgument,
     "cannot be negative"},
    {"negative_invalid",
     {.lists = {List("A", 10)}, .invalid = -1},
     {.seats = 10},
     StatusCode::kInvalidArgument,
     "cannot be negative"},
    {"duplicate_name_other_case",
     {.lists = {List("Aq Jol", 10), List("AQ JOL", 20)}},
     {.seats = 10},
     StatusCode::kInvalidArgument,
     "'AQ JOL' is given twice"},
    {"duplicate_name_other_spacing",
     {.lists = {List("Aq Jol", 10), List(" aq  jol ", 20)}},
     {.seats = 10},
     StatusCode::kInvalidArgument,
     "given twice"},
    {"blank_name",
     {.lists = {List("A", 10), List("  ", 20)}},
     {.seats = 10},
     StatusCode::kInvalidArgument,
     "no name"},
    {"negative_candidates",
     {.lists = {WithCandidates("A", 10, -1)}},
     {.seats = 10},
     StatusCode::kInvalidArgument,
     "negative number of candidates"},
    {"negative_guarantee",
     {.lists = {List("A", 10)}},
     {.seats = 10, .runner_up_min_seats = -1},
     StatusCode::kInvalidArgument,
     "guarantee"},
    {"no_list_reaches_the_threshold",
     {.lists = {List("A", 60), List("B", 40)}, .against_all = 2000},
     {.seats = 10},
     StatusCode::kFailedPrecondition,
     "no list reached the 5.00% threshold"},
    {"all_votes_zero",
     {.lists = {List("A", 0), List("B", 0)}},
     {.seats = 10},
     StatusCode::kFailedPrecondition,
     "no votes"},
    // Only "against all" has votes. Even with no threshold nobody may be given a seat.
    {"only_against_all_hare",
     {.lists = {List("A", 0), List("B", 0)}, .against_all = 50},
     {.seats = 10, .threshold_percent = Fraction::Whole(0)},
     StatusCode::kFailedPrecondition,
     "no votes"},
    {"only_against_all_dhondt",
     {.lists = {List("A", 0), List("B", 0)}, .against_all = 50},
     {.seats = 10, .threshold_percent = Fraction::Whole(0), .method = ApportionmentMethod::kDHondt},
     StatusCode::kFailedPrecondition,
     "no votes"},
    {"only_invalid_ballots_sainte_lague",
     {.lists = {List("A", 0), List("B", 0)}, .invalid = 50},
     {.seats = 10,
      .threshold_percent = Fraction::Whole(0),
      .threshold_base = ThresholdBase::kBallotsCast,
      .method = ApportionmentMethod::kSainteLague},
     StatusCode::kFailedPrecondition,
     "no votes"},
};

TEST(ListAllocationTest, BadInputIsAnErrorNotACrash) {
  for (const ErrorExample& example : kErrors) {
    SCOPED_TRACE(example.name);
    Result<ListAllocation> allocation = AllocateListSeats(example.votes, example.rules);
    ASSERT_FALSE(allocation.has_value()) << Steps(*allocation);
    EXPECT_EQ(allocation.error().code(), example.want) << allocation.error().ToString();
    EXPECT_THAT(allocation.error().message(), HasSubstr(example.want_message));
  }
}

TEST(ListAllocationTest, NamesOfAdmissions) {
  EXPECT_EQ(AdmissionName(Admission::kPassedThreshold), "passed");
  EXPECT_EQ(AdmissionName(Admission::kRunnerUpGuarantee), "runner-up");
  EXPECT_EQ(AdmissionName(Admission::kBelowThreshold), "below");
}

}  // namespace
}  // namespace esep::law
