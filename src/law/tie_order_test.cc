#include "law/tie_order.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep::law {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// Index of the contender ranked first, i.e. the one that wins a tie against all the others.
size_t Winner(const TieOrder& order) {
  const std::vector<size_t>& ranks = order.ranks();
  return static_cast<size_t>(std::min_element(ranks.begin(), ranks.end()) - ranks.begin());
}

TEST(TieOrderTest, EarlierRegistrationBeatsMoreVotes) {
  const std::vector<Contender> contenders = {
      {"Amanat", 3431510, "2023-02-15"},
      {"QHP", 432920, "2023-02-11"},
  };
  const TieOrder order(contenders, TieBreak::kEarlierRegistration, 0);
  EXPECT_EQ(Winner(order), 1u);
  EXPECT_FALSE(order.registration_unavailable());
  EXPECT_FALSE(order.DecidedByLot(0, 1));
  EXPECT_EQ(order.Explain(1, 0),
            "QHP's list was registered earlier (2023-02-11) than Amanat's (2023-02-15)");
}

TEST(TieOrderTest, SameRegistrationDayFallsToMoreVotes) {
  const std::vector<Contender> contenders = {
      {"JSDP", 331058, "2023-02-13"},
      {"Aq Jol", 535139, "2023-02-13"},
  };
  const TieOrder order(contenders, TieBreak::kEarlierRegistration, 0);
  EXPECT_EQ(Winner(order), 1u);
  EXPECT_FALSE(order.DecidedByLot(0, 1));
  EXPECT_EQ(order.Explain(1, 0), "Aq Jol has more votes (535,139) than JSDP (331,058)");
}

TEST(TieOrderTest, Majilis2023ListsInTieOrder) {
  // Registration first (QHP 11 Feb; Aq Jol, JSDP 13 Feb; Auyl, Baytaq 14 Feb; Amanat,
  // Respublica 15 Feb), then votes within a day.
  const std::vector<Contender> contenders = {
      {"Amanat", 3431510, "2023-02-15"},    {"Auyl", 693938, "2023-02-14"},
      {"Respublica", 547154, "2023-02-15"}, {"QHP", 432920, "2023-02-11"},
      {"Baytaq", 146431, "2023-02-14"},     {"Aq Jol", 535139, "2023-02-13"},
      {"JSDP", 331058, "2023-02-13"},
  };
  const TieOrder order(contenders, TieBreak::kEarlierRegistration, 0);
  EXPECT_EQ(order.ranks(), (std::vector<size_t>{5, 3, 6, 0, 4, 1, 2}));
}

TEST(TieOrderTest, SameDayAndEqualVotesFallToLot) {
  const std::vector<Contender> contenders = {
      {"Auyl", 1000, "2023-02-14"},
      {"Baytaq", 1000, "2023-02-14"},
  };
  const TieOrder order(contenders, TieBreak::kEarlierRegistration, 42);
  EXPECT_TRUE(order.DecidedByLot(0, 1));
  EXPECT_EQ(order.seed(), 42u);
  const size_t winner = Winner(order);
  EXPECT_THAT(order.Explain(winner, 1 - winner),
              AllOf(HasSubstr("registered the same day"), HasSubstr("equal in votes"),
                    HasSubstr("drawing of lots with seed 42")));
}

TEST(TieOrderTest, LotIsReproducibleAndEitherSideCanWin) {
  const std::vector<Contender> contenders = {{"A", 500, std::nullopt}, {"B", 500, std::nullopt}};
  std::vector<int> wins(2, 0);
  for (uint64_t seed = 0; seed < 64; ++seed) {
    SCOPED_TRACE(seed);
    const TieOrder order(contenders, TieBreak::kMoreVotesThenLot, seed);
    const TieOrder again(contenders, TieBreak::kMoreVotesThenLot, seed);
    EXPECT_EQ(order.ranks(), again.ranks());
    EXPECT_TRUE(order.DecidedByLot(0, 1));
    ++wins[Winner(order)];
  }
  EXPECT_GT(wins[0], 0);
  EXPECT_GT(wins[1], 0);
}

TEST(TieOrderTest, LotDoesNotDependOnInputOrder) {
  const std::vector<Contender> forward = {{"A", 7, {}}, {"B", 7, {}}, {"C", 7, {}}};
  const std::vector<Contender> backward = {{"C", 7, {}}, {"B", 7, {}}, {"A", 7, {}}};
  for (uint64_t seed = 0; seed < 32; ++seed) {
    SCOPED_TRACE(seed);
    const TieOrder one(forward, TieBreak::kLot, seed);
    const TieOrder two(backward, TieBreak::kLot, seed);
    EXPECT_EQ(forward[Winner(one)].name, backward[Winner(two)].name);
  }
}

TEST(TieOrderTest, MissingDateDisablesTheRegistrationCriterion) {
  // A's earlier date would win, but B has no date, so no consistent registration order
  // exists: votes decide, and the order says so.
  const std::vector<Contender> contenders = {
      {"A", 100, "2023-02-11"},
      {"B", 200, std::nullopt},
  };
  const TieOrder order(contenders, TieBreak::kEarlierRegistration, 0);
  EXPECT_TRUE(order.registration_unavailable());
  EXPECT_EQ(Winner(order), 1u);
  EXPECT_EQ(order.Explain(1, 0), "B has more votes (200) than A (100)");
}

TEST(TieOrderTest, MoreVotesThenLotIgnoresRegistration) {
  const std::vector<Contender> contenders = {
      {"A", 100, "2023-02-11"},
      {"B", 200, "2023-02-15"},
  };
  const TieOrder order(contenders, TieBreak::kMoreVotesThenLot, 0);
  EXPECT_FALSE(order.registration_unavailable());
  EXPECT_EQ(Winner(order), 1u);
  EXPECT_THAT(order.Explain(1, 0), HasSubstr("more votes"));
}

TEST(TieOrderTest, LotRuleIgnoresVotesAndDates) {
  const std::vector<Contender> contenders = {
      {"A", 100, "2023-02-11"},
      {"B", 900, "2023-02-15"},
  };
  std::vector<int> wins(2, 0);
  for (uint64_t seed = 0; seed < 64; ++seed) {
    SCOPED_TRACE(seed);
    const TieOrder order(contenders, TieBreak::kLot, seed);
    EXPECT_TRUE(order.DecidedByLot(0, 1));
    const size_t winner = Winner(order);
    ++wins[winner];
    // The sentence names the reason (the rule is a drawing of lots) and the seed, and does
    // not claim the lists are equal in votes.
    EXPECT_THAT(order.Explain(winner, 1 - winner),
                AllOf(HasSubstr("breaks every tie by lot"), HasSubstr(fmt::format("seed {}", seed)),
                      Not(HasSubstr("equal in votes")), Not(HasSubstr("are so"))));
  }
  EXPECT_GT(wins[0], 0);
  EXPECT_GT(wins[1], 0);
}

TEST(TieOrderTest, RanksAreAPermutation) {
  const std::vector<Contender> contenders = {
      {"A", 5, "2023-02-12"}, {"B", 5, "2023-02-12"}, {"C", 9, "2023-02-12"},
      {"D", 5, "2023-02-11"}, {"E", 1, "2023-02-13"},
  };
  for (const TieBreak rule :
       {TieBreak::kEarlierRegistration, TieBreak::kMoreVotesThenLot, TieBreak::kLot}) {
    SCOPED_TRACE(TieBreakName(rule));
    const TieOrder order(contenders, rule, 7);
    std::vector<size_t> sorted = order.ranks();
    std::sort(sorted.begin(), sorted.end());
    std::vector<size_t> expected(contenders.size());
    std::iota(expected.begin(), expected.end(), size_t{0});
    EXPECT_EQ(sorted, expected);
  }
}

TEST(TieOrderTest, NoContendersIsNotAMissingDate) {
  const TieOrder order(std::vector<Contender>{}, TieBreak::kEarlierRegistration, 0);
  EXPECT_TRUE(order.ranks().empty());
  EXPECT_FALSE(order.registration_unavailable());
}

}  // namespace
}  // namespace esep::law
